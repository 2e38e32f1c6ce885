"""The language switcher ("English | Cymraeg" in the header, docs/LANGUAGES.md): a plain POST,
so it works without JavaScript and carries the CSRF token. Django's own set_language checks the
language and the address to go back to and remembers the choice in a cookie; a signed-in
person's choice is also kept on their account, so the messages sent to them (notify.py) are
written in it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language


def offered(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    response = set_language(request)
    code = request.POST.get("language", "")
    user = request.user
    if offered(code) and user.is_authenticated and getattr(user, "language", code) != code:
        user.language = code
        user.save(update_fields=["language"])
    return response
