"""Account pages beyond Django's own sign-in and sign-out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


@login_required
@require_POST
def stay_signed_in(request: HttpRequest) -> HttpResponse:
    """The warning's "Stay signed in": the request itself counts as activity (the middleware
    recorded it). With JavaScript it is posted in the background; without, it comes back here."""
    if request.headers.get("Accept", "").startswith("application/json"):
        return HttpResponse(status=204)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    return HttpResponseRedirect(back)
