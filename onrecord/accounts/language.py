"""The language switcher ("English | Cymraeg" in the header, docs/LANGUAGES.md): a plain POST,
so it works without JavaScript and carries the CSRF token. Django's own set_language checks the
language and the address to go back to and remembers the choice in a cookie; a signed-in
person's choice is also kept on their account, so the messages sent to them (notify.py) are
written in it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from onrecord.accounts.roles import Role

# Who is offered other languages: the family, other agencies, and anyone not signed in (a
# secure link's holder, the sign-in page).
OFFERED_TO = frozenset({Role.FAMILY, Role.PROFESSIONAL})


def offered(code: str) -> bool:
    return code in dict(settings.LANGUAGES)


def keep_choice_made_before_sign_in(
    sender: object, request: HttpRequest | None, user: Any, **kwargs: object
) -> None:
    """`user_logged_in`: a language chosen before signing in (the switcher on the sign-in page or
    a secure link's page) lives only in the browser's cookie; kept on the account of a family
    member or professional who has not chosen one, so the messages staff's actions send them are
    in it too, not only the pages."""
    if request is not None:
        keep_if_none_chosen(user, request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))


def keep_if_none_chosen(user: Any, code: str) -> None:
    """Put `code` on the account of a family member or professional whose account has no
    language yet; one already chosen is theirs to change, with the switcher."""
    if offered(code) and user.language == "" and str(user.role) in OFFERED_TO:
        user.language = code
        user.save(update_fields=["language"])


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    response = set_language(request)
    code = request.POST.get("language", "")
    user = request.user
    if offered(code) and user.is_authenticated and getattr(user, "language", code) != code:
        user.language = code
        user.save(update_fields=["language"])
    return response


def offered_to(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return True
    return str(getattr(user, "role", "")) in OFFERED_TO


class StaffInEnglishMiddleware:
    """After LocaleMiddleware and authentication: staff pages and the case systems' API are in
    the service's default language, whatever the browser or a cookie asks for (their pages are
    not translated, so a half-Welsh page would help nobody). The family's pages keep the
    language LocaleMiddleware chose."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") or not offered_to(request):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
