from __future__ import annotations

from django.http import HttpRequest, QueryDict


def posted(request: HttpRequest) -> QueryDict | None:
    """Form data to bind, or None for a GET. (`request.POST or None` would leave a form with
    every field missing unbound, and so silently without errors.)"""
    return request.POST if request.method == "POST" else None
