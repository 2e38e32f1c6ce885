from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "OnRecord administration"
admin.site.site_title = "OnRecord administration"

urlpatterns = [
    path("accounts/", include("onrecord.accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("onrecord.cases.urls")),
    path("", include("onrecord.recording_requests.urls")),
    path("", include("onrecord.vault.urls")),
    path("", include("onrecord.disclosure.urls")),
    path("", include("onrecord.transcripts.urls")),
    path("", include("onrecord.retention.urls")),
    path("", include("onrecord.incidents.urls")),
    path("", include("onrecord.meetings.urls")),
    path("", include("onrecord.minutes.urls")),
    path("", include("onrecord.family_record.urls")),
    path("", include("onrecord.reports.urls")),
    path("", include("onrecord.policy_owner.urls")),
    path("", include("onrecord.api.urls")),
    path("", include("onrecord.ops.urls")),
]
