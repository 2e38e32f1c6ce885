from django.urls import path

from onrecord.recording_requests import (
    decision_facts,
    decisions,
    declarations,
    journey,
    parent_copies,
    resumable_copies,
    views,
    withdrawal,
)

urlpatterns = [
    # The family's request (signed in, or through a secure link held in the session)
    path("meetings/<uuid:meeting_id>/ask-to-record/", journey.start, name="ask_to_record"),
    path("meetings/<uuid:meeting_id>/ask-to-record/how/", journey.how, name="ask_to_record_how"),
    path("meetings/<uuid:meeting_id>/ask-to-record/why/", journey.why, name="ask_to_record_why"),
    path(
        "meetings/<uuid:meeting_id>/ask-to-record/needs/",
        journey.needs,
        name="ask_to_record_needs",
    ),
    path(
        "meetings/<uuid:meeting_id>/ask-to-record/support/",
        journey.support,
        name="ask_to_record_support",
    ),
    path(
        "meetings/<uuid:meeting_id>/ask-to-record/check/",
        journey.check,
        name="ask_to_record_check",
    ),
    path("meetings/<uuid:meeting_id>/ask-to-record/sent/", journey.done, name="ask_to_record_done"),
    # A parent's own recording, added to the child's record (Hackney 3)
    path(
        "meetings/<uuid:meeting_id>/recordings/add/",
        parent_copies.upload,
        name="parent_copy_upload",
    ),
    # The same, resumable (tus; the page's script uses it, the form above is the fallback)
    path(
        "meetings/<uuid:meeting_id>/recordings/uploads/",
        resumable_copies.create,
        name="parent_copy_resumable_create",
    ),
    path(
        "recordings/uploads/<uuid:upload_id>/",
        resumable_copies.resource,
        name="parent_copy_resumable",
    ),
    # Secure one-time links
    path("link/<str:token>/", views.link_start, name="link_start"),
    # Staff
    path(
        "meetings/<uuid:meeting_id>/request-link/",
        views.send_request_link,
        name="send_request_link",
    ),
    path("requests/<uuid:request_id>/", views.request_detail, name="request_detail"),
    path(
        "requests/<uuid:request_id>/views/<uuid:person_id>/",
        views.record_view_in_person,
        name="record_view_in_person",
    ),
    path("requests/<uuid:request_id>/decide/", decisions.decide, name="decide_request"),
    path(
        "requests/<uuid:request_id>/decide/facts/",
        decision_facts.record_facts,
        name="decision_facts",
    ),
    path("requests/<uuid:request_id>/withdraw/", withdrawal.withdraw, name="withdraw_request"),
    path("cases/<uuid:case_id>/timeline/", views.case_timeline, name="case_timeline"),
    # Declarations
    path(
        "requests/<uuid:request_id>/declaration/",
        declarations.prepare,
        name="declaration_prepare",
    ),
    path(
        "declarations/<uuid:declaration_id>/",
        declarations.detail,
        name="declaration_detail",
    ),
    path(
        "declarations/<uuid:declaration_id>/sign/",
        declarations.family_sign,
        name="declaration_sign",
    ),
    path(
        "declarations/<uuid:declaration_id>/easy-read/",
        declarations.easy_read,
        name="declaration_easy_read",
    ),
    path(
        "declarations/<uuid:declaration_id>/declaration.pdf",
        declarations.pdf,
        name="declaration_pdf",
    ),
    path(
        "declarations/<uuid:declaration_id>/withdraw/",
        declarations.revoke,
        name="declaration_revoke",
    ),
]
