"""The languages the switcher offers (docs/LANGUAGES.md), each named in its own language as
settings.LANGUAGES spells it: Django's {% get_available_languages %} translates the names
("Saesneg" on a Welsh page), which would leave a reader of one language unable to find theirs."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.conf import settings

register = template.Library()


@dataclass(frozen=True)
class Offered:
    code: str  # as Django names it: "en-gb", "cy"
    name: str  # in its own language
    lang: str  # for the lang attribute: "en-GB", "cy"


def html_lang(code: str) -> str:
    """A language code as BCP 47 writes it in HTML: the region in capitals."""
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region else language


@register.simple_tag
def offered_languages() -> list[Offered]:
    return [Offered(code, str(name), html_lang(code)) for code, name in settings.LANGUAGES]


@register.filter
def as_html_lang(code: str) -> str:
    return html_lang(code)
