"""Every family page in Welsh (issue 12, docs/LANGUAGES.md): the mother chooses Cymraeg with
the switcher (a POST, as without JavaScript), then walks the pages the readability test walks,
from asking to record to signing the easy-read declaration and withdrawing it. Each page must
say it is Welsh (html lang="cy") and carry no English of the service's own: its visible text,
less the case's own words (names, meeting titles, places, what staff typed) and the parts
marked lang="en-GB" (the council's legal wording, WCAG 3.1.2), holds none of the commonest
English words. Any string left outside the translation tags fails this.

The readability test (reading age 9) scores the English pages only."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from onrecord.cases.models import AgendaItem, Attendee, Person
from onrecord.recording_requests import services
from onrecord.recording_requests.models import RecordingRequest
from tests.recording_requests.helpers import allow, only_request, walk_journey
from tests.support.personas import World

# Common English words that are not Welsh words ("a", "i", "am", "ar", "at", "yn" are Welsh).
ENGLISH = {
    "the", "you", "your", "to", "and", "is", "of", "we", "this", "will", "not", "with",
    "for", "what", "have", "has", "are", "it", "or", "if", "be", "by", "on", "from",
}  # fmt: skip
REASON = "You can record it to help you remember."


class _Visible(HTMLParser):
    """The text a reader meets, less script, style and anything marked as English."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.text: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            alt = dict(attrs).get("alt")
            if tag == "img" and alt and not self._skipping():
                self.text.append(alt)
            return
        lang = (dict(attrs).get("lang") or "").lower()
        self.stack.append((tag, tag in ("script", "style", "title") or lang.startswith("en")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.text.append(data)


def english_left(body: str, case_words: list[str]) -> list[str]:
    visible = _Visible()
    visible.feed(body)
    text = " ".join(visible.text)
    for word in case_words:
        text = text.replace(word, " ")
    # reference numbers are random letters (a copy request's once read as "WE")
    text = re.sub(r"\b(?:REC|SAR)-[A-Z0-9]{4}-[A-Z0-9]{4}\b", " ", text)
    # so are secret keys, codes and ids: a group such as "OF7X" once read as "OF" (a word mixing
    # letters and digits is never English or Welsh prose; "9be3" of an id would read as "be")
    text = re.sub(r"\b(?=[A-Za-z]*[0-9])[A-Za-z0-9]{3,}\b", " ", text)
    words = re.findall(r"[A-Za-z]+", text)
    return sorted({w for w in words if w.lower() in ENGLISH})


def _case_words(world: World) -> list[str]:
    words = {"OnRecord", REASON, "Tom", "SW"}
    for person in Person.objects.filter(case=world.case):
        words.update({person.full_name, person.agency, str(person.user or "")})
    for meeting in world.case.meetings.all():
        words.update(
            {str(meeting), meeting.place, str(meeting.chair or ""), str(meeting.organiser or "")}
        )
    words.update(Attendee.objects.filter(meeting__case=world.case).values_list("role", flat=True))
    words.update(
        AgendaItem.objects.filter(meeting__case=world.case).values_list("title", flat=True)
    )
    words.add(world.case.authority.name)
    return sorted((w for w in words if w), key=len, reverse=True)


def welsh_client(world: World) -> Client:
    client = world.client_for("mother")
    chosen = client.post(reverse("choose_language"), {"language": "cy", "next": reverse("home")})
    assert chosen.status_code == 302
    assert chosen["Location"] == reverse("home")
    return client


def _read(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _pages(world: World, client: Client) -> dict[str, str]:
    meeting = world.meeting.pk
    pages = {"home": _read(client, reverse("home"))}
    pages["meeting"] = _read(client, reverse("meeting_detail", args=[meeting]))
    for step in ("", "_how", "_why", "_support"):
        pages[f"ask{step}"] = _read(client, reverse(f"ask_to_record{step}", args=[meeting]))
    errors = client.post(reverse("ask_to_record_how", args=[meeting]), {})
    pages["ask_how with an error"] = errors.content.decode()
    # Recording because of a need: what makes meetings hard, and how we can help, in Welsh.
    needs = reverse("ask_to_record_needs", args=[meeting])
    client.post(reverse("ask_to_record_how", args=[meeting]), {"medium": "audio"})
    client.post(reverse("ask_to_record_why", args=[meeting]), {"purposes": ["accessibility"]})
    pages["ask_needs"] = _read(client, needs)
    pages["ask_needs with an error"] = client.post(needs, {}).content.decode()
    client.post(needs, {"needs": ["learning_disability", "english_not_first_language"]})
    client.post(reverse("ask_to_record_support", args=[meeting]), {"support_needed": ""})
    pages["ask_check with needs"] = _read(client, reverse("ask_to_record_check", args=[meeting]))
    walk_journey(client, world.meeting)
    made = only_request()
    for name, url in [
        ("sent", reverse("ask_to_record_done", args=[meeting])),
        ("home waiting", reverse("home")),
        ("meeting waiting", reverse("meeting_detail", args=[meeting])),
        ("my request", reverse("request_detail", args=[made.pk])),
        ("withdraw", reverse("withdraw_request", args=[made.pk])),
    ]:
        pages[name] = _read(client, url)
    withdrawn = client.post(reverse("withdraw_request", args=[made.pk]), {"confirm": "on"})
    pages["withdrawn"] = withdrawn.content.decode()
    walk_journey(client, world.meeting)
    made = RecordingRequest.objects.get(status=RecordingRequest.Status.GATHERING_VIEWS)
    allow(world, made, REASON)
    declaration = services.prepare_declaration(
        made, world.users["social_worker"], worker_position="SW", worker_signed_name="Tom"
    )
    pages["my request allowed"] = _read(client, reverse("request_detail", args=[made.pk]))
    pages["home: sign"] = _read(client, reverse("home"))
    pages["declaration"] = _read(client, reverse("declaration_detail", args=[declaration.pk]))
    pages["sign"] = _read(client, reverse("declaration_sign", args=[declaration.pk]))
    pages["easy read"] = _read(client, reverse("declaration_easy_read", args=[declaration.pk]))
    unsigned = client.post(reverse("declaration_easy_read", args=[declaration.pk]), {})
    pages["easy read with errors"] = unsigned.content.decode()
    signed = client.post(
        reverse("declaration_easy_read", args=[declaration.pk]),
        {"choice": "agree", "understands_until_revoked": "on", "family_signed_name": "Dana"},
        follow=True,
    )
    pages["signed"] = signed.content.decode()
    pages["withdraw declaration"] = _read(
        client, reverse("declaration_revoke", args=[declaration.pk])
    )
    pages["not found"] = client.get("/no-such-page/").content.decode()
    return pages


def test_every_family_page_is_in_welsh(world: World) -> None:
    client = welsh_client(world)
    pages = _pages(world, client)
    words = [*_case_words(world), "Dana"]
    not_welsh = {name: b for name, b in pages.items() if '<html lang="cy"' not in b}
    assert not not_welsh, f"not marked Welsh: {sorted(not_welsh)}"
    english = {name: left for name, b in pages.items() if (left := english_left(b, words))}
    assert not english, f"English left on Welsh pages: {english}"
    assert "Cymraeg" in pages["home"]
    assert "Llofnodi" in pages["sign"]
    assert "Mae gen i anabledd dysgu" in pages["ask_check with needs"]
    assert "Sut gallwn ni eich helpu" in pages["ask_check with needs"]


def test_the_check_finds_english_outside_the_tags() -> None:
    assert english_left("<main><p>Rydych wedi gofyn. Send your request</p></main>", []) == ["your"]
    assert english_left('<main><p lang="en-GB">I will not share it</p></main>', []) == []


def test_the_choice_is_remembered_and_english_comes_back(world: World) -> None:
    client = welsh_client(world)
    assert '<html lang="cy"' in _read(client, reverse("home"))
    switcher = _read(client, reverse("home")).split('class="onrecord-language-switcher"')[1]
    assert 'value="en-gb" lang="en-GB" class="onrecord-link-button' in switcher
    assert ">English</button>" in switcher  # named in its own language, never "Saesneg"
    assert 'aria-current="true" lang="cy">Cymraeg<' in switcher
    world.users["mother"].refresh_from_db()
    assert world.users["mother"].language == "cy"  # for the messages sent to her
    client.post(reverse("choose_language"), {"language": "en-gb", "next": reverse("home")})
    assert '<html lang="en-GB"' in _read(client, reverse("home"))


def test_the_switcher_is_a_form_with_its_csrf_token(world: World) -> None:
    body = _read(world.client_for("mother"), reverse("home"))
    switcher = body[body.index('class="onrecord-language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    assert 'method="post"' in switcher
    assert 'name="csrfmiddlewaretoken"' in switcher
    assert 'name="language" value="cy" lang="cy"' in switcher
    assert 'aria-current="true" lang="en-GB">English<' in switcher


def test_staff_pages_offer_no_switcher(world: World) -> None:
    body = _read(world.client_for("social_worker"), reverse("home"))
    assert "onrecord-language-switcher" not in body


def test_the_link_holders_pages_are_in_welsh(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    """Someone without an account, on a one-time link, chooses Cymraeg with the switcher: the
    view page, its error, the thanks page and the refused-link page are all Welsh."""
    with django_capture_on_commit_callbacks(execute=True):
        walk_journey(world.client_for("mother"), world.meeting)
    message = [m for m in mail.outbox if "amira.hassan@eastmere.example" in m.to][-1]
    match = re.search(r"/link/(\S+)/", str(message.body))
    assert match, message.body
    link = reverse("link_start", args=[match.group(1)])
    client = Client()
    client.post(reverse("choose_language"), {"language": "cy", "next": link})
    pages = {"view": client.get(link).content.decode()}
    pages["view with an error"] = client.post(link, {"stance": "objects"}).content.decode()
    thanks = client.post(link, {"stance": "agrees"})
    assert thanks.status_code == 200
    pages["thanks"] = thanks.content.decode()
    refused = client.get(link)
    assert refused.status_code == 410
    pages["used link"] = refused.content.decode()
    words = _case_words(world)
    for name, body in pages.items():
        assert '<html lang="cy"' in body, name
        assert not english_left(body, words), (name, english_left(body, words))
    assert "Mae’r ddolen hon wedi’i defnyddio’n barod" in pages["used link"]


def test_staff_pages_and_the_api_stay_in_english_whatever_the_browser_asks(world: World) -> None:
    staff = world.client_for("social_worker")
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    body = staff.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="en-GB"' in body
    assert "Skip to main content" in body
    family = world.client_for("mother")
    body = family.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="cy").content.decode()
    assert '<html lang="cy"' in body  # the family's browser is followed until they choose
    api = Client().get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="cy")
    assert api["Content-Language"] == "en-gb"


def test_another_agencys_pages_are_in_welsh_too(world: World) -> None:
    """The school nurse (another agency) reaches the same pages and may choose Cymraeg."""
    client = world.client_for("nurse")
    client.post(reverse("choose_language"), {"language": "cy", "next": reverse("home")})
    words = _case_words(world)
    for url in (reverse("home"), reverse("meeting_detail", args=[world.meeting.pk])):
        body = _read(client, url)
        assert '<html lang="cy"' in body, url
        assert not english_left(body, words), (url, english_left(body, words))
