from django.contrib.auth import views as auth_views
from django.urls import path

from onrecord.accounts import language, passkey_views, sso_views, two_step_views, views
from onrecord.accounts.forms import SignInForm

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=SignInForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("sign-out/", sso_views.SignOutView.as_view(), name="logout"),
    # Single sign-on for staff (accounts/sso.py): 404 unless ONRECORD_OIDC_ISSUER is set. The
    # names are mozilla-django-oidc's own, which its views reverse.
    path("sign-in/sso/", sso_views.SsoStartView.as_view(), name="oidc_authentication_init"),
    path(
        "sign-in/sso/callback/",
        sso_views.SsoCallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
    path(
        "sign-in/sso/back-channel-logout/",
        sso_views.back_channel_logout,
        name="sso_back_channel_logout",
    ),
    path("language/", language.choose_language, name="choose_language"),
    path("stay-signed-in/", views.stay_signed_in, name="stay_signed_in"),
    path("two-step/", two_step_views.verify, name="two_step_verify"),
    path("two-step/set-up/", two_step_views.set_up, name="two_step_set_up"),
    path("two-step/recovery-code/", two_step_views.recovery, name="two_step_recovery"),
    path("two-step/passkey/", passkey_views.sign_in_with_passkey, name="two_step_passkey"),
    path("passkeys/", passkey_views.passkeys, name="two_step_passkeys"),
    path("passkeys/<int:pk>/remove/", passkey_views.remove, name="two_step_passkey_remove"),
]
