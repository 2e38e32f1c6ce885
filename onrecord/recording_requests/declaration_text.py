"""The words of the declaration, from Hackney's guidance (000_881dd3342fdd64fe.txt, §4
"Expectations" and the Appendix "Declaration"), with the undertaking Hertfordshire asks for
(002_3f8e43dd3e1c40a6.txt §1.3) and its limitations (§3.3). The authority's name is filled in.
An easy-read version says the same things in short sentences."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def gettext_noop(text: str) -> str:
    """Marks the easy-read words for translation: `makemessages` finds them by this name, and
    the pages translate them when they are shown (docs/LANGUAGES.md). A pure module, so not
    Django's own function of the same name."""
    return text


def _same(text: str) -> str:
    return text


EXPECTATIONS = [
    "Records of meetings are for my own personal use. I will not share them with other people "
    "or put them on public forums, even if the settings are private, for example Facebook, "
    "YouTube, other online forums or websites.",
    "Information in the recording is sensitive. It is about me, my family and my children. I "
    "will treat information about other people with respect and dignity, and will not share it "
    "without their express consent.",
    "I will not use the recording to try to professionally or personally discredit or "
    "intimidate the professionals at the meeting.",
    "I will only use the recording in relation to Children's Services' involvement with my family.",
    "If I make a recording of a child protection meeting or a meeting with a professional, I "
    "will make a copy available to the chair of the meeting, or the people who attended it, "
    "if they ask.",
    "I will make it clear at the start of the meeting that I am recording, and I will not record "
    "any part of a meeting where a child I do not hold parental responsibility for, or have "
    "caring responsibilities for, is being discussed.",
    "If a recording is used in a way that breaks these expectations, the council will seek "
    "legal advice and may take action against the people sharing it.",
]

# Hackney appendix, the line under the two choices.
UNTIL_REVOKED = (
    "I understand that the declaration and expectations agreed to today will remain in "
    "place until such time as I expressly revoke my consent to them"
)

SOURCES = [
    "Hackney Children and Families Service guidance (January 2023), section 4 and Appendix",
    "Hertfordshire Children's Services process, sections 1.3 and 3.3",
]


@dataclass(frozen=True)
class EasyReadPoint:
    """One idea of the easy-read version: a picture (an SVG under the app's static folder,
    recording_requests/easy-read/) with its alt text, and one short sentence a line."""

    picture: str
    alt: str
    lines: tuple[str, ...]


# Each point says one thing the standard wording says (Hackney 000_881dd3342fdd64fe.txt §4
# "Expectations" and Appendix; Hertfordshire 002_3f8e43dd3e1c40a6.txt §1.3 and §3.3), in short
# sentences for a reading age of about 8 (scored in test_family_pages_readability.py).
EASY_READ = [
    EasyReadPoint(
        "microphone",
        gettext_noop("A microphone"),
        (
            gettext_noop("You can record the meeting."),
            gettext_noop("The recording is only for you."),
        ),
    ),
    EasyReadPoint(
        "phone",
        gettext_noop("A phone with a cross on it"),
        (
            gettext_noop("Do not share the recording."),
            gettext_noop("Do not put it on Facebook, YouTube or any website."),
        ),
    ),
    EasyReadPoint(
        "family",
        gettext_noop("A family: two grown-ups and a child"),
        (
            gettext_noop("The recording has private things about your family."),
            gettext_noop("Be kind about what other people said."),
            gettext_noop("Ask them first if you want to share what they said."),
        ),
    ),
    EasyReadPoint(
        "meeting",
        gettext_noop("People sitting round a meeting table"),
        (
            gettext_noop("Do not use the recording to upset or get back at the workers."),
            gettext_noop("Use it to help you remember and understand."),
        ),
    ),
    EasyReadPoint(
        "lock",
        gettext_noop("A padlock"),
        (
            gettext_noop("Only use it for things to do with Children's Services."),
            gettext_noop("If the chair asks, give them a copy."),
        ),
    ),
    EasyReadPoint(
        "stop",
        gettext_noop("A hand held up to say stop"),
        (
            gettext_noop("Say at the start that you are recording."),
            gettext_noop(
                "Some parts of the meeting may be about a child you do not have parental "
                "responsibility for and do not care for."
            ),
            gettext_noop("You must not record those parts."),
            gettext_noop("The chair will tell you when to stop."),
        ),
    ),
    EasyReadPoint(
        "bin",
        gettext_noop("A bin"),
        (
            gettext_noop("This agreement lasts until you say you want to stop it."),
            gettext_noop("You can stop it at any time."),
        ),
    ),
    EasyReadPoint(
        "court",
        gettext_noop("A court building"),
        (
            gettext_noop("If you share the recording, the council may ask a lawyer for help."),
            gettext_noop("This could mean going to court."),
        ),
    ),
]

# What the family member signs in the easy-read version: the Hackney appendix's statements
# (000_881dd3342fdd64fe.txt, Appendix "Declaration": the confirmation, the two choices and the
# "remain in place until ... I expressly revoke my consent" line), said simply.
EASY_READ_CONFIRM = gettext_noop("I have read these rules. I know what they mean.")
EASY_READ_CHOICES = {
    "agree": gettext_noop("I agree to keep to these rules."),
    "do_not_agree": gettext_noop(
        "I do not agree to keep to these rules. "
        "If I break the law, the council may take legal action."
    ),
}
EASY_READ_UNTIL_REVOKED = gettext_noop("This agreement stays until I say I want to stop it.")

STANDARD = "standard"
EASY_READ_VERSION = "easy_read"


def signed_text(
    version: str,
    *,
    choice: str,
    family_member: str,
    authority: str,
    standard_choices: dict[str, str],
    translate: Callable[[str], str] = _same,
) -> str:
    """The words the family member read and signed, in the version they signed from, kept with
    the declaration so the record shows which version it was. The easy-read version is kept in
    the language it was read in (`translate`, the page's gettext); the standard wording is the
    council's own and stays in English."""
    if version == EASY_READ_VERSION:
        t = translate
        points = [" ".join(t(line) for line in point.lines) for point in EASY_READ]
        confirm = t(gettext_noop("I, %(name)s, am signing.")) % {"name": family_member}
        confirm = f"{confirm} {t(EASY_READ_CONFIRM)}"
        chosen, until = t(EASY_READ_CHOICES[choice]), t(EASY_READ_UNTIL_REVOKED)
        title = t(gettext_noop("Recording meetings with %(authority)s (easy read)")) % {
            "authority": authority
        }
    else:
        points = list(EXPECTATIONS)
        confirm = (
            f"I, {family_member}, confirm that I have understood the above principles and "
            f"expectations of recording meetings which take place with {authority}."
        )
        chosen, until = standard_choices[choice], UNTIL_REVOKED
        title = f"Declaration about recording meetings with {authority}"
    return "\n".join([title, *(f"- {p}" for p in points), confirm, chosen, until])
