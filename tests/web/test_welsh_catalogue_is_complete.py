"""The Welsh catalogue (onrecord/locale/cy, docs/LANGUAGES.md) is complete and compiled: no
message is left empty or marked fuzzy (Django would show the English), and the committed
.mo holds exactly what the .po says, so nobody ships a stale translation. Read with the
standard library only: CI needs no GNU gettext."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import onrecord

PO = Path(onrecord.__file__).parent / "locale" / "cy" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _unquote(lines: str) -> str:
    text = "".join(re.findall(r'^"(.*)"$', lines, re.M))
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def entries() -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstrs, fuzzy) for every message but the header."""
    return [(msgid, strs, fuzzy) for _, msgid, strs, fuzzy in entries_with_context()]


def entries_with_context() -> list[tuple[str, str, list[str], bool]]:
    """(msgctxt, msgid, msgstrs, fuzzy) for every message but the header."""
    found = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if msgid is None or not _unquote(msgid.group(1)):
            continue
        strs = [_unquote(m) for m in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)]
        context = re.search(r'^msgctxt ((?:".*"\n?)+)', block, re.M)
        found.append(
            (
                _unquote(context.group(1)) if context else "",
                _unquote(msgid.group(1)),
                strs,
                "#, fuzzy" in block,
            )
        )
    return found


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    found = entries()
    assert len(found) > 300  # the family's pages, forms, messages and emails
    assert not [m for m, strs, _ in found if not all(strs)], "empty msgstr"
    assert not [m for m, _, fuzzy in found if fuzzy], "fuzzy msgstr"


def test_placeholders_are_kept() -> None:
    for msgid, strs, _ in entries():
        wanted = sorted(re.findall(r"%\(\w+\)s|\{\w*\}", msgid))
        for text in strs:
            assert sorted(re.findall(r"%\(\w+\)s|\{\w*\}", text)) == wanted, msgid


def test_the_compiled_catalogue_matches_the_po() -> None:
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for context, msgid, strs, _ in entries_with_context():
        if len(strs) == 1:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            assert got == strs[0], f"stale .mo for {msgid!r}"


def test_the_header_says_welsh_with_its_plural_forms() -> None:
    header = PO.read_text(encoding="utf-8").split("\n\n")[0]
    assert '"Language: cy\\n"' in header
    assert "nplurals=4" in header
    assert "#, fuzzy" not in header
