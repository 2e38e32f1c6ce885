from django.urls import path

from onrecord.policy_owner import views

urlpatterns = [
    path("policy/", views.policy_home, name="policy_home"),
    path("policy/<slug:authority>/", views.rules, name="policy_rules"),
    path("policy/<slug:authority>/versions/", views.history, name="policy_history"),
    path("policy/<slug:authority>/versions/upload/", views.upload, name="policy_upload"),
    path("policy/<slug:authority>/versions/new/", views.new_draft, name="policy_new_draft"),
    path("policy/<slug:authority>/compare/", views.compare, name="policy_compare"),
    path(
        "policy/<slug:authority>/versions/<uuid:version_id>/",
        views.version_detail,
        name="policy_version",
    ),
    path(
        "policy/<slug:authority>/versions/<uuid:version_id>/edit/",
        views.edit,
        name="policy_edit",
    ),
    path(
        "policy/<slug:authority>/versions/<uuid:version_id>/confirm-reading/",
        views.confirm_reading,
        name="policy_confirm_reading",
    ),
    path(
        "policy/<slug:authority>/versions/<uuid:version_id>/what-if/",
        views.what_if,
        name="policy_what_if",
    ),
    path(
        "policy/<slug:authority>/versions/<uuid:version_id>/approve/",
        views.approve,
        name="policy_approve",
    ),
]
