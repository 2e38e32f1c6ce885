"""The policy owner's pages (issue 14): the rules in force in plain English, the version
history with effective dates, the difference between any two versions, the what-if replay of
every stored decision under a draft, and approving a draft. Only the authority's own policy
owners may open them (`policy_versions/permissions.py`); every page is audited, and every
change is audited in its own transaction (`policy_versions/services.py`). The preamble every
page about an authority shares (signed in, the methods it answers, the authority and the version
looked up through the wall) is one decorator, `owner_page`."""

from __future__ import annotations

import functools
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from onrecord import policy
from onrecord.audit import services as audit
from onrecord.audit.exceptions import ForbiddenAudited
from onrecord.cases.models import Authority
from onrecord.policy.diff import diff_profiles
from onrecord.policy.rule_list import decider_rows, rule_sections
from onrecord.policy_owner.forms import ApproveForm, DiffForm, EditForm, NewDraftForm, UploadForm
from onrecord.policy_versions import active, permissions, services
from onrecord.policy_versions.models import PolicyVersion
from onrecord.recording_requests.models import Decision
from onrecord.recording_requests.policy_replay import Replayed, replay
from onrecord.web.http import posted


def _versions(authority: Authority) -> list[PolicyVersion]:
    services.record_shipped(authority)
    return list(
        PolicyVersion.objects.filter(authority=authority)
        .select_related("created_by", "approved_by", "based_on")
        .order_by("-number")
    )


def _in_force(authority: Authority) -> PolicyVersion | None:
    try:
        return services.in_force(authority, timezone.localdate())
    except (policy.ProfileError, services.PolicyVersionError):
        return None


def _standing(versions: list[PolicyVersion], current: PolicyVersion | None) -> dict[Any, str]:
    """Each version's standing in words: draft, in force, takes effect later, or replaced."""
    today = timezone.localdate()
    starts = sorted(v.effective_from for v in versions if v.effective_from and not v.is_draft)
    out: dict[Any, str] = {}
    for v in versions:
        start = v.effective_from
        if v.is_draft or start is None:
            out[v.pk] = "Draft"
        elif current is not None and v.pk == current.pk:
            out[v.pk] = "In force"
        elif start > today:
            out[v.pk] = f"Takes effect on {start:%-d %B %Y}"
        else:
            later = [d for d in starts if start < d <= today]
            out[v.pk] = f"Replaced on {later[0]:%-d %B %Y}" if later else "Not in force"
    return out


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"policy_owner/{template}", {"nav": "policy", **context}, status=status)


View = Callable[..., HttpResponse]
ANY, DRAFT = "any", "draft"


def owner_page(methods: list[str], *, version: str = "") -> Callable[[View], View]:
    """The preamble of every page about one authority's policy: signed in; the HTTP methods it
    answers; the authority, one whose policy the user owns (`permissions.authority_for` refuses
    and audits anything else); and for a version's page the version (`version=ANY`) or a draft
    (`version=DRAFT`: an approved version is never changed). The view is called with the
    authority, then the version where it names one."""

    def wrap(view: View) -> View:
        @functools.wraps(view)
        def page(
            request: HttpRequest, authority: str, version_id: uuid.UUID | None = None
        ) -> HttpResponse:
            found = permissions.authority_for(request.user, authority)
            if not version:
                return view(request, found)
            assert version_id is not None  # the URL names it for every version's page
            chosen = (
                _draft_for(request, found, version_id)
                if version == DRAFT
                else permissions.version_for(request.user, found, version_id)
            )
            return view(request, found, chosen)

        guarded: View = login_required(require_http_methods(methods)(page))
        return guarded

    return wrap


@login_required
@require_GET
def policy_home(request: HttpRequest) -> HttpResponse:
    owned = permissions.owned_authorities(request.user)
    if not permissions.is_policy_owner(request.user):
        raise ForbiddenAudited("cases.authority", "", "", "the recording policy is for its owner")
    if len(owned) == 1:
        return HttpResponseRedirect(reverse("policy_rules", args=[owned[0].slug]))
    audit.record("view", object_type="cases.authority", detail={"page": "policy_home"})
    return _page(request, "home.html", {"authorities": owned})


@owner_page(["GET"])
def rules(request: HttpRequest, found: Authority) -> HttpResponse:
    _versions(found)
    current = _in_force(found)
    return _version_page(request, found, current, current, here="rules")


@owner_page(["GET"], version=ANY)
def version_detail(request: HttpRequest, found: Authority, version: PolicyVersion) -> HttpResponse:
    return _version_page(request, found, version, _in_force(found), here="")


def _version_page(
    request: HttpRequest,
    authority: Authority,
    version: PolicyVersion | None,
    current: PolicyVersion | None,
    *,
    here: str,
) -> HttpResponse:
    error, profile = "", None
    if version is None:
        error = f"No version of {authority.name}'s policy ({authority.policy_profile}) is in force."
    else:
        try:
            profile = active.parsed(version)
        except policy.ProfileError as exc:
            error = f"This version cannot be read: {exc}"
        audit.record("view", version, detail={"page": "policy_version"})
    return _page(
        request,
        "version.html",
        {
            "authority": authority,
            "version": version,
            "current": current,
            "here": here,
            "profile": profile,
            "sections": rule_sections(profile) if profile else (),
            "deciders": decider_rows(profile) if profile else (),
            "awaiting": sum(
                1
                for r in (profile.interpretations() if profile else ())
                if r.interpretation and r.interpretation.status != "confirmed"
            ),
            "error": error,
        },
    )


@owner_page(["GET"])
def history(request: HttpRequest, found: Authority) -> HttpResponse:
    versions = _versions(found)
    current = _in_force(found)
    made_under = Counter(
        Decision.objects.filter(request__meeting__case__authority=found).values_list(
            "policy_decision__policy__fingerprint", flat=True
        )
    )
    standing = _standing(versions, current)
    audit.record("view", found, detail={"page": "policy_history"})
    return _page(
        request,
        "history.html",
        {
            "authority": found,
            "versions": versions,
            "current": current,
            "rows": [
                {"version": v, "standing": standing[v.pk], "made_under": made_under[v.fingerprint]}
                for v in versions
            ],
        },
    )


@owner_page(["GET", "POST"])
def upload(request: HttpRequest, found: Authority) -> HttpResponse:
    form = UploadForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["profile"]
        try:
            draft = services.upload_draft(found, request.user, upload.read(), upload.name)
        except services.PolicyVersionError as exc:
            form.add_error("profile", str(exc))
        else:
            messages.success(
                request, f"{draft} saved as a draft. Nothing changes until you approve it."
            )
            return HttpResponseRedirect(reverse("policy_version", args=[found.slug, draft.pk]))
    audit.record("view", found, detail={"page": "policy_upload"})
    return _page(
        request,
        "upload.html",
        {"authority": found, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@owner_page(["GET", "POST"])
def new_draft(request: HttpRequest, found: Authority) -> HttpResponse:
    form = NewDraftForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_from_active(found, request.user, form.cleaned_data["label"])
        except (services.PolicyVersionError, policy.ProfileError) as exc:
            form.add_error("label", str(exc))
        else:
            messages.success(request, f"{draft} started from the version in force. Edit it below.")
            return HttpResponseRedirect(reverse("policy_edit", args=[found.slug, draft.pk]))
    audit.record("view", found, detail={"page": "policy_new_draft"})
    return _page(
        request,
        "new_draft.html",
        {"authority": found, "form": form, "current": _in_force(found)},
        status=400 if request.method == "POST" else 200,
    )


def _draft_for(request: HttpRequest, authority: Authority, version_id: uuid.UUID) -> PolicyVersion:
    version = permissions.version_for(request.user, authority, version_id)
    if not version.is_draft:
        raise ForbiddenAudited(
            "policy_versions.policyversion",
            str(version.pk),
            "",
            "an approved version is never changed",
        )
    return version


@owner_page(["GET", "POST"], version=DRAFT)
def edit(request: HttpRequest, found: Authority, version: PolicyVersion) -> HttpResponse:
    form = EditForm(posted(request), initial={"text": version.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_draft(version, request.user, form.cleaned_data["text"])
        except services.PolicyVersionError as exc:
            form.add_error("text", str(exc))
        else:
            messages.success(request, f"{version} saved.")
            return HttpResponseRedirect(reverse("policy_version", args=[found.slug, version.pk]))
    audit.record("view", version, detail={"page": "policy_edit"})
    return _page(
        request,
        "edit.html",
        {"authority": found, "version": version, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@owner_page(["POST"], version=DRAFT)
def confirm_reading(request: HttpRequest, found: Authority, version: PolicyVersion) -> HttpResponse:
    code = str(request.POST.get("code", ""))[:60]
    target = reverse("policy_version", args=[found.slug, version.pk])
    try:
        services.confirm_reading(version, request.user, code)
    except services.PolicyVersionError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(target)
    messages.success(request, f"The reading of {code} is confirmed in {version}.")
    return HttpResponseRedirect(f"{target}#rule-{code}")  # a code the profile has


@owner_page(["GET"], version=ANY)
def what_if(request: HttpRequest, found: Authority, version: PolicyVersion) -> HttpResponse:
    error, total, changed = "", 0, list[Replayed]()
    try:
        profile = active.parsed(version)
    except policy.ProfileError as exc:
        error = f"This version cannot be read: {exc}"
    else:
        total, changed = replay(found.slug, profile)  # audits each decision it reads
    audit.record("view", version, detail={"page": "policy_replay", "replayed": total})
    return _page(
        request,
        "replay.html",
        {
            "authority": found,
            "version": version,
            "total": total,
            "changed": changed,
            "error": error,
        },
    )


@owner_page(["GET", "POST"], version=DRAFT)
def approve(request: HttpRequest, found: Authority, version: PolicyVersion) -> HttpResponse:
    form = ApproveForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.approve(version, request.user, form.cleaned_data["effective_from"])
        except services.PolicyVersionError as exc:
            form.add_error("day", str(exc))
        else:
            messages.success(
                request,
                f"{version} approved. New decisions use it from "
                f"{form.cleaned_data['effective_from']:%-d %B %Y}.",
            )
            return HttpResponseRedirect(reverse("policy_history", args=[found.slug]))
    audit.record("view", version, detail={"page": "policy_approve"})
    return _page(
        request,
        "approve.html",
        {"authority": found, "version": version, "form": form, "current": _in_force(found)},
        status=400 if request.method == "POST" else 200,
    )


def _diff_form(
    authority: Authority,
    versions: list[PolicyVersion],
    data: Any,
    current: PolicyVersion | None,
) -> DiffForm:
    choices = [(str(v.pk), f"{v} – {v.get_status_display().lower()}") for v in versions]
    newest = versions[0] if versions else None
    initial = {"a": str(current.pk) if current else "", "b": str(newest.pk) if newest else ""}
    return DiffForm(data, choices=choices, initial=initial)


@owner_page(["GET"])
def compare(request: HttpRequest, found: Authority) -> HttpResponse:
    versions = _versions(found)
    current = _in_force(found)
    form = _diff_form(found, versions, request.GET if request.GET else None, current)
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()
    old = new = None
    error = ""
    if form.is_bound and form.is_valid():
        by_id = {str(v.pk): v for v in versions}
        old, new = by_id[form.cleaned_data["a"]], by_id[form.cleaned_data["b"]]
        try:
            sections = diff_profiles(active.parsed(old), active.parsed(new)).sections
        except policy.ProfileError as exc:
            error = f"A version cannot be read: {exc}"
    audit.record("view", found, detail={"page": "policy_diff"})
    return _page(
        request,
        "diff.html",
        {
            "authority": found,
            "form": form,
            "old": old,
            "new": new,
            "sections": sections,
            "error": error,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
