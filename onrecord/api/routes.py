"""The one router every operation is added to: a GET and a PUT on the same path must be one
URL pattern (two routers would make two, and the second would never be reached)."""

from ninja import Router

router = Router()
