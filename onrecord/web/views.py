"""Views that belong to no domain app: the CSRF failure page. Each page of the service lives in
the app whose records it shows (the home page in cases)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/csrf_failure.html", status=403)
