"""The permission matrix generated from the URLconf (issue 16, failures 4, 5 and 7).

Every URL pattern of onrecord.urls must have an entry in ROUTES, or
`test_every_url_pattern_has_an_entry` fails: a new page cannot ship unchecked. Each entry fills
the pattern with a real id from either authority (the demo's Eastmere and Westford), so every
URL is tried by every persona of the other authority, GET and POST: each answer is a refusal
(403/404/405, audited) and nothing is changed. A chair whose allocation has ended is refused
everywhere on the case, and every page of case data that answers 200 writes an audit entry.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import QuerySet
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from onrecord.audit.context import Actor, acting_as
from onrecord.audit.models import AuditEvent
from onrecord.cases.models import Case, CaseNote, Meeting, Person
from onrecord.family_record.models import SubjectAccessRequest
from onrecord.incidents.models import Incident
from onrecord.policy_versions import services as policy_versions
from onrecord.policy_versions.models import PolicyVersion
from onrecord.recording_requests.models import (
    Decision,
    Declaration,
    RecordingRequest,
    ViewInvitation,
)
from onrecord.transcripts.models import Transcript
from onrecord.vault.ingest import ingest
from onrecord.vault.live import services as live
from onrecord.vault.models import DisposalCertificate, LegalHold, LegalHoldRelease, Recording
from onrecord.vault.models.live import LiveSession
from onrecord.vault.models.resumable import ResumableUpload
from onrecord.vault.resumable import services as resumable
from tests.support.personas import World
from tests.vault import audio


@dataclass
class Side:
    """One authority's records, each with a real id."""

    case: Case
    meeting: Meeting
    recording: Recording
    hold: LegalHold
    certificate: DisposalCertificate
    incident: Incident
    note: CaseNote
    transcript: Transcript
    request: RecordingRequest  # still gathering views: deciding it would change the record
    invited: Person  # asked for their view on `request`, not yet given
    allowed: RecordingRequest  # decided "allowed": a declaration may be prepared for it
    declaration: Declaration  # the worker has signed, the family member has not
    session: LiveSession  # a live recording under way, started by the side's chair
    sar: SubjectAccessRequest  # a family member's request for a copy
    policy_draft: PolicyVersion  # a draft of the authority's recording policy, not approved
    upload: ResumableUpload  # a parent's copy half uploaded (tus), by the side's family member


Ids = Callable[[Side], dict[str, Any]]
NONE: Ids = lambda s: {}  # noqa: E731
CASE: Ids = lambda s: {"case_id": s.case.pk}  # noqa: E731
MEETING: Ids = lambda s: {"meeting_id": s.meeting.pk}  # noqa: E731
RECORDING: Ids = lambda s: {"recording_id": s.recording.pk}  # noqa: E731
TRANSCRIPT: Ids = lambda s: {"transcript_id": s.transcript.pk}  # noqa: E731
REQUEST: Ids = lambda s: {"request_id": s.request.pk}  # noqa: E731
DECLARATION: Ids = lambda s: {"declaration_id": s.declaration.pk}  # noqa: E731
AUTHORITY: Ids = lambda s: {"authority": s.case.authority.slug}  # noqa: E731
POLICY_DRAFT: Ids = lambda s: {  # noqa: E731
    "authority": s.case.authority.slug,
    "version_id": s.policy_draft.pk,
}

# URL name -> how to fill it from one authority's records, and whether it shows case data
# (then a 200 must be audited). "admin:*" is Django's admin, gated by is_staff (its own test).
ROUTES: dict[str, tuple[Ids, bool]] = {
    "login": (NONE, False),
    "logout": (NONE, False),
    "stay_signed_in": (NONE, False),
    "choose_language": (NONE, False),
    "two_step_verify": (NONE, False),
    "two_step_set_up": (NONE, False),
    "two_step_recovery": (NONE, False),
    # A person's own passkeys, not case data (tests/accounts/test_passkeys.py: nobody else's).
    "two_step_passkey": (NONE, False),
    "two_step_passkeys": (NONE, False),
    "two_step_passkey_remove": (lambda s: {"pk": 1}, False),
    # Single sign-on (404 unless configured; with it, tests/accounts/sso/).
    "oidc_authentication_init": (NONE, False),
    "oidc_authentication_callback": (NONE, False),
    "sso_back_channel_logout": (NONE, False),
    "admin:*": (NONE, False),
    # The API answers API tokens, never a session: its walls are tests/api/test_authority_walls.py.
    "api_v1:*": (NONE, False),
    # Operations: no case data (tests/ops/).
    "healthz": (NONE, False),
    "readyz": (NONE, False),
    "metrics": (NONE, False),
    "home": (NONE, False),
    "case_detail": (CASE, True),
    "case_note_create": (CASE, True),
    "case_note_append": (lambda s: {"note_id": s.note.pk}, True),
    "meeting_detail": (MEETING, True),
    "ask_to_record": (MEETING, True),
    "ask_to_record_how": (MEETING, True),
    "ask_to_record_why": (MEETING, True),
    "ask_to_record_needs": (MEETING, True),
    "ask_to_record_support": (MEETING, True),
    "ask_to_record_check": (MEETING, True),
    "ask_to_record_done": (MEETING, True),
    "parent_copy_upload": (MEETING, True),
    "parent_copy_resumable_create": (MEETING, True),
    "parent_copy_resumable": (lambda s: {"upload_id": s.upload.pk}, True),
    "link_start": (lambda s: {"token": "not-a-real-token"}, True),
    "send_request_link": (MEETING, True),
    "request_detail": (REQUEST, True),
    "record_view_in_person": (
        lambda s: {"request_id": s.request.pk, "person_id": s.invited.pk},
        True,
    ),
    "decide_request": (REQUEST, True),
    "decision_facts": (REQUEST, True),
    "withdraw_request": (REQUEST, True),
    "case_timeline": (CASE, True),
    "declaration_prepare": (lambda s: {"request_id": s.allowed.pk}, True),
    "declaration_detail": (DECLARATION, True),
    "declaration_sign": (DECLARATION, True),
    "declaration_easy_read": (DECLARATION, True),
    "declaration_pdf": (DECLARATION, True),
    "declaration_revoke": (DECLARATION, True),
    "recording_player": (RECORDING, True),
    "recording_audio": (RECORDING, True),
    "recording_download": (RECORDING, True),
    "recording_redact": (RECORDING, True),
    "recording_playback_copy": (RECORDING, True),
    "recording_compare": (RECORDING, True),
    "live_recorder": (MEETING, True),
    "live_start": (MEETING, True),
    "live_chunk": (lambda s: {"session_id": s.session.pk, "seq": 0}, True),
    "live_finish": (lambda s: {"session_id": s.session.pk}, True),
    "statement_edit": (RECORDING, True),
    "statement_approve": (RECORDING, True),
    "recording_bundle": (RECORDING, True),
    "transcript_start": (RECORDING, True),
    "transcript_editor": (TRANSCRIPT, True),
    "transcript_status": (TRANSCRIPT, True),
    "transcript_passage": (lambda s: {"transcript_id": s.transcript.pk, "index": 0}, True),
    "transcript_passage_edit": (lambda s: {"transcript_id": s.transcript.pk, "index": 0}, True),
    "transcript_passage_row": (lambda s: {"transcript_id": s.transcript.pk, "index": 0}, True),
    "transcript_speakers": (TRANSCRIPT, True),
    "transcript_export": (lambda s: {"transcript_id": s.transcript.pk, "fmt": "txt"}, True),
    "retention_due": (NONE, False),
    "disposal_review": (RECORDING, True),
    "disposal_certificate": (lambda s: {"number": s.certificate.pk}, True),
    "disposal_certificate_pdf": (lambda s: {"number": s.certificate.pk}, True),
    "disposal_certificate_json": (lambda s: {"number": s.certificate.pk}, True),
    "case_legal_holds": (CASE, True),
    "lift_legal_hold": (lambda s: {"hold_id": s.hold.pk}, True),
    "incident_dashboard": (NONE, False),
    "incident_open": (CASE, True),
    "incident_detail": (lambda s: {"incident_id": s.incident.pk}, True),
    "incident_act": (lambda s: {"incident_id": s.incident.pk, "action": "close"}, True),
    "meeting_mode": (MEETING, True),
    "meeting_act": (MEETING, True),
    "meeting_covert_recording": (MEETING, True),
    "meeting_friend_recording": (MEETING, True),
    "meeting_recording_misused": (MEETING, True),
    "meeting_add_attendee": (MEETING, True),
    "meeting_late_request": (MEETING, True),
    "meeting_parent_insists": (MEETING, True),
    "minutes": (MEETING, True),
    "minutes_generate": (MEETING, True),
    "minutes_edit": (MEETING, True),
    "minutes_approve": (MEETING, True),
    "minutes_docx": (MEETING, True),
    "family_record": (MEETING, True),
    "family_transcript": (MEETING, True),
    "family_record_download": (lambda s: {"meeting_id": s.meeting.pk, "fmt": "pdf"}, True),
    "family_ask_for_a_copy": (MEETING, True),
    "family_copy_requested": (lambda s: {"sar_id": s.sar.pk}, True),
    "subject_access_list": (NONE, False),
    "subject_access_answer": (lambda s: {"sar_id": s.sar.pk}, True),
    "subject_access_extend": (lambda s: {"sar_id": s.sar.pk}, True),
    "report": (NONE, False),
    "report_csv": (NONE, False),
    "report_table_csv": (lambda s: {"slug": "requests"}, False),
    # The policy owner's pages: authority-wide, walled like case data (the replay shows cases).
    "policy_home": (NONE, False),
    "policy_rules": (AUTHORITY, True),
    "policy_history": (AUTHORITY, True),
    "policy_upload": (AUTHORITY, True),
    "policy_new_draft": (AUTHORITY, True),
    "policy_compare": (AUTHORITY, True),
    "policy_version": (POLICY_DRAFT, True),
    "policy_edit": (POLICY_DRAFT, True),
    "policy_what_if": (POLICY_DRAFT, True),
    "policy_confirm_reading": (POLICY_DRAFT, True),
    "policy_approve": (POLICY_DRAFT, True),
}
CASE_ROUTES = [name for name, (_, case_data) in ROUTES.items() if case_data]
# Case pages that answer without an audit entry, and why.
UNAUDITED = {"transcript_status": "polled every few seconds: progress figures, no case content"}
GLOBAL_ROUTES = [
    "home",
    "retention_due",
    "incident_dashboard",
    "report",
    "report_csv",
    "subject_access_list",
    "policy_home",
]

# Staff personas of each authority: each tries every case URL of the other authority.
EASTMERE_STAFF = [
    "chair",
    "social_worker",
    "team_manager",
    "legal",
    "outsider",
    "admin",
    "policy_owner",
]
WESTFORD_STAFF = ["other_authority", "other_records_manager", "other_legal", "other_policy_owner"]
FAMILIES = {"mother": "westford", "father_of_jade": "westford", "other_family": "eastmere"}
REFUSED = {403, 404, 405, 410}  # 410: a link token that is not (or no longer) valid
REFUSALS_AUDITED = {403, 404}
# POST bodies that would change something if a check were missing.
POST_DATA = {"reason": "Proceedings concluded", "confirm": "on", "title": "T", "body": "B",
             "reference": "X1", "action": "start", "name": "N", "text": "t"}  # fmt: skip


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in {"admin", "api_v1"}:
                yield f"{entry.namespace}:*"
                continue
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>"


def url_names() -> list[str]:
    return sorted(set(_walk(get_resolver("onrecord.urls").url_patterns)))


def test_every_url_pattern_has_an_entry() -> None:
    missing = [name for name in url_names() if name not in ROUTES]
    assert not missing, f"URL patterns with no entry in the permission matrix: {missing}"
    stale = [name for name in ROUTES if name not in url_names()]
    assert not stale, f"matrix entries for URLs that no longer exist: {stale}"


def _ingest(world: World, meeting: Meeting, persona: str) -> Recording:
    user = world.users[persona]
    with acting_as(Actor(user.pk, user.username, user.role, "10.0.0.7")):
        return ingest(
            io.BytesIO(audio.wav(1.0)),
            meeting=meeting,
            kind=Recording.Kind.AUTHORITY,
            provided_by=user,
            original_filename="conference.wav",
        )


def _side(world: World, case: Case, meeting: Meeting, staff: str, family: str) -> Side:
    user = world.users[staff]
    recording = _ingest(world, meeting, staff)
    with acting_as(Actor(user.pk, user.username, user.role, "10.0.0.7")):
        return Side(
            case=case,
            meeting=meeting,
            recording=recording,
            hold=LegalHold.objects.create(
                case=case, reason="Proceedings", reference="R1", placed_by=user
            ),
            certificate=DisposalCertificate.objects.create(
                recording=_ingest(world, meeting, staff), content={}, authorised_by=user
            ),
            incident=Incident.objects.create(
                case=case,
                kind="covert_recording",
                discovered_by="Chair",
                discovered_at=timezone.now(),
                description="Found a phone recording",
                opened_by=user,
            ),
            note=CaseNote.objects.create(case=case, author=user, title="Visit", body="Seen"),
            transcript=Transcript.objects.create(recording=recording),
            **_requests(meeting, user, family),
            session=live.start_session(meeting, user, "audio/webm;codecs=opus"),
            sar=_sar(meeting, family),
            policy_draft=policy_versions.draft_from_active(case.authority, user, "9999-01"),
            upload=_upload(meeting, family),
        )


def _sar(meeting: Meeting, family: str) -> SubjectAccessRequest:
    requester = meeting.case.people.get(user__username=family)
    assert requester.user is not None
    return SubjectAccessRequest.objects.create(
        reference=f"SAR-{str(meeting.pk)[:4].upper()}-TEST",
        case=meeting.case,
        meeting=meeting,
        requester=requester,
        made_by=requester.user,
        asks=SubjectAccessRequest.Asks.RECORDING,
        received_on=timezone.localdate(),
        due_on=timezone.localdate(),
    )


def _upload(meeting: Meeting, family: str) -> ResumableUpload:
    person = meeting.case.people.get(user__username=family)
    assert person.user is not None
    return resumable.create(
        purpose=ResumableUpload.Purpose.PARENT_COPY,
        meeting=meeting,
        created_by=person.user,
        family_member=person,
        length=1000,
        filename="phone.m4a",
        content_type="audio/mp4",
    )


def _requests(meeting: Meeting, staff: Any, family: str) -> dict[str, Any]:
    """A family member's request still gathering views (with someone asked), and an earlier
    one of theirs allowed, with a declaration the worker has signed and the family has not."""
    requester = meeting.case.people.get(user__username=family)
    invited = meeting.case.people.exclude(pk=requester.pk).exclude(user__isnull=False).first()
    assert invited is not None
    fields = {"meeting": meeting, "requester": requester, "medium": "audio", "channel": "signed_in"}
    allowed = RecordingRequest.objects.create(
        **fields, purposes=["memory_aid"], status=RecordingRequest.Status.DECIDED
    )
    Decision.objects.create(
        request=allowed,
        outcome=Decision.Outcome.ALLOWED,
        decided_by=staff,
        decided_by_role="Chair",
        policy_outcome="allowed",
        policy_decision={},
    )
    request = RecordingRequest.objects.create(**fields, purposes=["memory_aid"])
    ViewInvitation.objects.create(request=request, person=invited)
    declaration = Declaration.objects.create(
        case=meeting.case,
        family_member=requester,
        request=allowed,
        worker=staff,
        worker_position="Chair",
        discussed_on=timezone.localdate(),
        worker_signed_name=staff.get_full_name() or staff.username,
        worker_signed_at=timezone.now(),
    )
    return {"request": request, "invited": invited, "allowed": allowed, "declaration": declaration}


@pytest.fixture
def sides(world: World) -> dict[str, Side]:
    made = {
        "eastmere": _side(
            world, world.case, world.meeting, "chair", world.users["mother"].username
        ),
        "westford": _side(
            world,
            world.other_case,
            world.other_meeting,
            "other_authority",
            world.users["other_family"].username,
        ),
    }
    return made


RECORD_APPS = {"cases", "vault", "incidents", "meetings", "minutes", "transcripts"} | {
    "recording_requests",
    "family_record",
    "policy_versions",
}


def _counted() -> dict[str, QuerySet[Any]]:
    return {
        model._meta.label: model._default_manager.all()
        for model in apps.get_models()
        if model._meta.app_label in RECORD_APPS
    } | {
        "disposed": Recording.objects.filter(disposed_at__isnull=False),
        "lifted": LegalHoldRelease.objects.all(),
    }


def _state() -> dict[str, int]:
    """How many rows every table of OnRecord holds, but the audit trail's: a refused request
    changes none of them. Counted in one query (each count a subquery of the same querysets):
    asked before and after every request, one query per table took most of this file's time
    on PostgreSQL."""
    counted = _counted()
    parts: list[str] = []
    params: list[Any] = []
    for queryset in counted.values():
        sql, more = queryset.values("pk").query.sql_with_params()  # Django's SQL, its params
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params.extend(more)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    assert row is not None
    return dict(zip(counted, (int(n) for n in row), strict=True))


def _drain(response: Any) -> None:
    """Read a streamed answer to its end (audio, downloads), so nothing is left open."""
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass


def _try_every_case_url(world: World, persona: str, side: Side) -> tuple[int, list[str]]:
    client = world.client_for(persona)
    tried, leaks = 0, []
    for name in CASE_ROUTES:
        url = reverse(name, kwargs=ROUTES[name][0](side))
        for method in ("get", "post"):
            before_state = _state()
            denied = AuditEvent.objects.filter(action="access_denied").count()
            response = getattr(client, method)(url, POST_DATA if method == "post" else {})
            tried += 1
            status = response.status_code
            _drain(response)
            newly_denied = AuditEvent.objects.filter(action="access_denied").count() - denied
            if status not in REFUSED:
                leaks.append(f"{persona} {method.upper()} {name} -> {status}")
            elif status in REFUSALS_AUDITED and newly_denied < 1 and name != "link_start":
                leaks.append(f"{persona} {method.upper()} {name} -> {status}, not audited")
            if _state() != before_state:
                leaks.append(f"{persona} {method.upper()} {name} changed the record")
    return tried, leaks


@pytest.mark.slow
@pytest.mark.parametrize(
    ("persona", "target"),
    [(p, "westford") for p in EASTMERE_STAFF]
    + [(p, "eastmere") for p in WESTFORD_STAFF]
    + list(FAMILIES.items())
    + [("nurse", "westford"), ("former_chair", "eastmere")],
)
def test_no_persona_reaches_another_authoritys_records(
    world: World, sides: dict[str, Side], persona: str, target: str
) -> None:
    tried, leaks = _try_every_case_url(world, persona, sides[target])
    assert tried == 2 * len(CASE_ROUTES)
    assert leaks == [], "\n".join(leaks)


@pytest.mark.slow
@pytest.mark.parametrize("persona", [*EASTMERE_STAFF, *WESTFORD_STAFF])
def test_pages_without_ids_show_only_the_own_authority(
    world: World, sides: dict[str, Side], persona: str
) -> None:
    other = world.other_case if persona in EASTMERE_STAFF else world.case
    client = world.client_for(persona)
    for name in GLOBAL_ROUTES:
        response = client.get(reverse(name), follow=True)  # the policy owner's is redirected
        assert response.status_code in {200, 403}, name
        body = response.content.decode(errors="replace")
        assert other.reference not in body, f"{persona} sees {other.reference} on {name}"
        assert (
            str(sides["westford" if persona in EASTMERE_STAFF else "eastmere"].recording.pk)
            not in body
        )


@pytest.mark.slow
def test_a_chair_whose_allocation_ended_is_refused_everywhere(
    world: World, sides: dict[str, Side]
) -> None:
    """Failure 5: the meeting's own chair, allocation ended, gets nothing on any case URL."""
    allocation = world.case.allocations.get(user=world.users["chair"])
    allocation.ended_on = timezone.localdate()
    allocation.save()
    tried, leaks = _try_every_case_url(world, "chair", sides["eastmere"])
    assert tried == 2 * len(CASE_ROUTES)
    assert leaks == [], "\n".join(leaks)


@pytest.mark.slow
def test_every_page_of_case_data_that_answers_is_audited(
    world: World, sides: dict[str, Side]
) -> None:
    """Failure 7: every GET of case data that answers 200 writes an audit entry naming its
    case, for every case URL in the URLconf (the meeting page included)."""
    answered, unaudited = [], []
    for persona in ("chair", "legal"):
        client = world.client_for(persona)
        for name in CASE_ROUTES:
            url = reverse(name, kwargs=ROUTES[name][0](sides["eastmere"]))
            last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
            response = client.get(url)
            _drain(response)
            if response.status_code != 200:
                continue
            answered.append(name)
            if (
                name not in UNAUDITED
                and not AuditEvent.objects.filter(
                    seq__gt=last,
                    case_id=str(world.case.pk),
                    actor_username=world.users[persona].username,
                ).exists()
            ):
                unaudited.append(f"{persona} GET {name}")
    assert "meeting_detail" in answered
    assert "minutes" in answered
    assert unaudited == [], "\n".join(unaudited)
