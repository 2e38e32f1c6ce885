"""Declaration pages: the worker prepares and signs, the family member signs (on their own
phone, or together on the worker's device), anyone entitled can read it, print it as a PDF or
read the easy-read version, and the family member can withdraw it at any time."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited, NotFoundAudited
from onrecord.cases import permissions as case_permissions
from onrecord.cases import scoping
from onrecord.cases.models import Person
from onrecord.recording_requests import permissions, services
from onrecord.recording_requests.declaration_text import (
    EASY_READ,
    EASY_READ_CHOICES,
    EASY_READ_CONFIRM,
    EASY_READ_VERSION,
    EXPECTATIONS,
    SOURCES,
)
from onrecord.recording_requests.forms import (
    EasyReadSignForm,
    FamilySignForm,
    RevokeForm,
    WorkerSignForm,
)
from onrecord.recording_requests.models import Declaration, RecordingRequest
from onrecord.web.http import posted


def _declaration_for(request: HttpRequest, declaration_id: uuid.UUID) -> Declaration:
    declaration: Declaration | None = scoping.get_for_user(
        Declaration.objects.select_related("case__authority", "family_member", "worker", "request"),
        request.user,
        pk=declaration_id,
    )
    if declaration is not None and (
        case_permissions.can_view_case(request.user, declaration.case)
        or permissions.family_person(request.user, declaration) is not None
    ):
        return declaration
    raise NotFoundAudited(
        "recording_requests.declaration",
        str(declaration_id),
        str(declaration.case_id) if declaration else "",
        "not allocated or not the family member",
    )


def _context(declaration: Declaration, **extra: object) -> dict[str, object]:
    return {
        "declaration": declaration,
        "children": declaration.children.select_related("person"),
        "expectations": EXPECTATIONS,
        "sources": SOURCES,
        # What the family member chose, in the words of the version they signed from.
        "easy_read_choice": EASY_READ_CHOICES.get(declaration.choice, ""),
        **extra,
    }


def _signer(request: HttpRequest, made: RecordingRequest) -> Person | None:
    """Who signs, when not the requester: one of the co-signers the policy names (`?signer=`)."""
    given = request.GET.get("signer", "")
    if not given:
        return None
    try:
        wanted = uuid.UUID(given)
    except ValueError:
        wanted = None
    found = next((p for p in services.co_signers(made) if p.pk == wanted), None)
    if found is None:
        raise NotFoundAudited(
            "cases.person", given[:100], str(made.meeting.case_id), "not a co-signer named"
        )
    return found


@login_required
@require_http_methods(["GET", "POST"])
def prepare(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    made = permissions.request_visible_to(request.user, request_id)
    if not permissions.can_run_process(request.user, made):
        raise ForbiddenAudited(
            "recording_requests.recordingrequest",
            str(made.pk),
            str(made.meeting.case_id),
            "may not prepare declarations",
        )
    signer = _signer(request, made)
    form = WorkerSignForm(
        posted(request),
        initial={"worker_position": request.user.get_role_display()},  # type: ignore[union-attr]
    )
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.prepare_declaration(
                made,
                request.user,
                worker_position=form.cleaned_data["worker_position"],
                worker_signed_name=form.cleaned_data["worker_signed_name"],
                signer=signer,
            )
        except services.RequestError as exc:
            error = str(exc)
        else:
            messages.success(request, "You have signed. Now the family member signs.")
            return HttpResponseRedirect(reverse("declaration_detail", args=[declaration.pk]))
    children = services.children_of(made.requester, made.meeting)
    audit.record("view", made, detail={"page": "declaration_prepare"})
    return render(
        request,
        "recording_requests/declaration_prepare.html",
        {
            "made": made,
            "signer": signer or made.requester,
            "form": form,
            "error": error,
            "children": children,
            "expectations": EXPECTATIONS,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def detail(request: HttpRequest, declaration_id: uuid.UUID) -> HttpResponse:
    declaration = _declaration_for(request, declaration_id)
    audit.record("view", declaration, detail={"page": "declaration"})
    is_family = permissions.family_person(request.user, declaration) is not None
    return render(
        request,
        "recording_requests/declaration_detail.html",
        _context(
            declaration,
            is_family=is_family,
            can_sign=not declaration.is_signed
            and (is_family or case_permissions.can_view_case(request.user, declaration.case)),
            can_revoke=declaration.in_force
            and (is_family or case_permissions.is_case_staff(request.user)),
            documents=declaration.documents.defer("pdf"),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def family_sign(request: HttpRequest, declaration_id: uuid.UUID) -> HttpResponse:
    """The family member signs: on their own account, or together with the worker on the
    worker's device (then the worker's account is recorded as the one used)."""
    declaration = _declaration_for(request, declaration_id)
    form = FamilySignForm(posted(request))
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_declaration(
                declaration,
                choice=form.cleaned_data["choice"],
                understands_until_revoked=form.cleaned_data["understands_until_revoked"],
                signed_name=form.cleaned_data["family_signed_name"],
                signed_by=request.user,
            )
        except services.RequestError as exc:
            error = str(exc)
        else:
            messages.success(request, gettext("The declaration is signed"))
            return HttpResponseRedirect(reverse("declaration_detail", args=[declaration.pk]))
    audit.record("view", declaration, detail={"page": "declaration_sign"})
    return render(
        request,
        "recording_requests/declaration_sign.html",
        _context(declaration, form=form, error=error),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def easy_read(request: HttpRequest, declaration_id: uuid.UUID) -> HttpResponse:
    """The easy-read version, with a picture for each idea. Anyone entitled can read it; the
    family member the declaration is for can sign from it (the same signing service and audit
    as the standard version; the easy-read words are kept as what was signed)."""
    declaration = _declaration_for(request, declaration_id)
    is_family = permissions.family_person(request.user, declaration) is not None
    if request.method == "POST" and not is_family:
        raise ForbiddenAudited(
            "recording_requests.declaration",
            str(declaration.pk),
            str(declaration.case_id),
            "only the family member signs from the easy-read version",
        )
    form = EasyReadSignForm(posted(request))
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_declaration(
                declaration,
                choice=form.cleaned_data["choice"],
                understands_until_revoked=form.cleaned_data["understands_until_revoked"],
                signed_name=form.cleaned_data["family_signed_name"],
                signed_by=request.user,
                version=EASY_READ_VERSION,
            )
        except services.RequestError as exc:
            error = str(exc)
        else:
            messages.success(request, gettext("You have signed"))
            return HttpResponseRedirect(reverse("declaration_detail", args=[declaration.pk]))
    audit.record("view", declaration, detail={"page": "declaration_easy_read"})
    return render(
        request,
        "recording_requests/declaration_easy_read.html",
        _context(
            declaration,
            easy_read=EASY_READ,
            confirm=EASY_READ_CONFIRM,
            form=form,
            error=error,
            can_sign=is_family and not declaration.is_signed,
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def pdf(request: HttpRequest, declaration_id: uuid.UUID) -> HttpResponse:
    declaration = _declaration_for(request, declaration_id)
    document = declaration.documents.order_by("-created_at", "-id").first()
    if document is None:
        raise ForbiddenAudited(
            "recording_requests.declaration",
            str(declaration.pk),
            str(declaration.case_id),
            "not signed yet: no PDF issued",
        )
    audit.record("download", document, detail={"sha256": document.sha256})
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="declaration-{declaration.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, declaration_id: uuid.UUID) -> HttpResponse:
    declaration = _declaration_for(request, declaration_id)
    is_family = permissions.family_person(request.user, declaration) is not None
    if not (is_family or case_permissions.is_case_staff(request.user)):
        raise ForbiddenAudited(
            "recording_requests.declaration",
            str(declaration.pk),
            str(declaration.case_id),
            "may not withdraw this declaration",
        )
    form = RevokeForm(posted(request))
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_declaration(
                declaration, revoked_by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.RequestError as exc:
            error = str(exc)
        else:
            messages.success(request, gettext("The declaration has been withdrawn"))
            return HttpResponseRedirect(reverse("declaration_detail", args=[declaration.pk]))
    audit.record("view", declaration, detail={"page": "declaration_revoke"})
    return render(
        request,
        "recording_requests/declaration_revoke.html",
        _context(declaration, form=form, error=error, is_family=is_family),
        status=400 if request.method == "POST" else 200,
    )
