from django.contrib.auth import views as auth_views
from django.urls import path

from onrecord.accounts import language, two_step_views, views
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
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", language.choose_language, name="choose_language"),
    path("stay-signed-in/", views.stay_signed_in, name="stay_signed_in"),
    path("two-step/", two_step_views.verify, name="two_step_verify"),
    path("two-step/set-up/", two_step_views.set_up, name="two_step_set_up"),
    path("two-step/recovery-code/", two_step_views.recovery, name="two_step_recovery"),
]
