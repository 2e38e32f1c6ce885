"""The reasonable adjustments the family is shown for the need behind an accessibility request,
in their words (Leeds a: "ways in which to improve this for them should be discussed and
addressed"; Leeds principles: additional support "where English is not their first language").
The decision-maker sees the same needs as the policy's actions (LD-REASONABLE-ADJUSTMENTS,
LD-ADDITIONAL-SUPPORT, LD-LANGUAGE-SUPPORT)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onrecord.recording_requests.forms import OTHER_NEED
from onrecord.recording_requests.models import Need

ADJUSTMENTS: dict[str, Promise] = {
    Need.LEARNING_DISABILITY: _(
        "We will use easy words and explain things. You can have papers in easy read."
    ),
    Need.LEARNING_DIFFICULTY: _(
        "We will use easy words and explain things. You can have papers in easy read."
    ),
    Need.LITERACY: _("We will read papers out to you. We will not ask you to write things down."),
    Need.SENSORY_IMPAIRMENT: _("You can have large print, a hearing loop or a signer."),
    Need.PHYSICAL_IMPAIRMENT: _(
        "We will make sure you can get in to the room. You can have breaks."
    ),
    Need.MEMORY_OR_CONCENTRATION: _(
        "You can have breaks. After the meeting, someone will go over what was decided with you."
    ),
    Need.ENGLISH_NOT_FIRST_LANGUAGE: _(
        "You can have an interpreter. You can have what was decided in your language."
    ),
    OTHER_NEED: _("We will talk with you about what would help."),
}


def adjustments_for(needs: Iterable[str]) -> list[Promise]:
    """Each adjustment once, in the order the needs are listed."""
    shown: list[Promise] = []
    for need in needs:
        text = ADJUSTMENTS.get(need)
        if text is not None and text not in shown:
            shown.append(text)
    return shown
