"""A printable PDF of a declaration: what was agreed, by whom and when, and whether it has
since been withdrawn. Regenerated from the record, so it never disagrees with it; its
SHA-256 is audited each time it is issued.

It is a tagged PDF (PDF/UA-1) drawn from ``recording_requests/pdf/declaration.html`` so a
screen reader can read it: structure tree, language (en-GB, or the language of the person who
signed or withdrew it: docs/LANGUAGES.md; the council's standard wording stays in English and
is marked so), title shown as the window title (issue 12, accessible documents; see
docs/ACCESSIBILITY.md)."""

from __future__ import annotations

from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext

from onrecord.recording_requests.declaration_text import EXPECTATIONS, SOURCES
from onrecord.recording_requests.models import Declaration
from onrecord.tagged_pdf import render_tagged_pdf
from onrecord.web.templatetags.languages import html_lang

TEMPLATE = "recording_requests/pdf/declaration.html"


def _when(value: object) -> str:
    if value is None:
        return gettext("not yet")
    local = timezone.localtime(value)  # type: ignore[arg-type]
    return gettext("%(date)s at %(time)s") % {
        "date": dateformat.format(local, "j F Y"),
        "time": f"{local:%H:%M}",
    }


def render_declaration_pdf(declaration: Declaration) -> bytes:
    context = {
        "declaration": declaration,
        "authority": declaration.case.authority.name,
        "children": ", ".join(c.full_name for c in declaration.children.all()),
        "discussed_on": dateformat.format(declaration.discussed_on, "j F Y"),
        "worker_signed_at": _when(declaration.worker_signed_at),
        "family_signed_at": _when(declaration.family_signed_at),
        "revoked_at": _when(declaration.revocation.revoked_at) if declaration.is_revoked else None,
        "expectations": EXPECTATIONS,
        "sources": "; ".join(SOURCES),
        "signed_lines": [line for line in declaration.signed_text.splitlines() if line.strip()],
        # The document's language: the page's (html lang); English parts are marked lang="en-GB".
        "lang": html_lang(get_language() or "en-gb"),
    }
    return render_tagged_pdf(TEMPLATE, context)
