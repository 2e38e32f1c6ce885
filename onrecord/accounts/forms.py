from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

USERNAME_MAX_LENGTH = 150


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with messages in plain English (GOV.UK style)."""

    error_messages = {
        "invalid_login": _("Enter a correct username and password. Both are case-sensitive."),
        "inactive": _("This account has been closed. Ask your administrator."),
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].error_messages.update(
            {
                "required": _("Enter your username"),
                "max_length": _("Username must be 150 characters or fewer"),
            }
        )
        self.fields["password"].error_messages["required"] = _("Enter your password")

    def clean_username(self) -> str:
        # AuthenticationForm sets max_length after the field is built, so Django adds no
        # validator for it: check here, before any attempt to authenticate.
        username: str = self.cleaned_data["username"]
        if len(username) > USERNAME_MAX_LENGTH:
            raise forms.ValidationError(
                self.fields["username"].error_messages["max_length"], code="max_length"
            )
        return username


class AppCodeForm(forms.Form):
    """A six-digit code from an authenticator app (spaces allowed, as some apps show them)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app")},
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).replace(" ", "").replace("-", "")
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("The code must be 6 numbers, like 123456"), code="format")
        return code


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        error_messages={"required": _("Enter one of your recovery codes")},
    )


class TwoStepResetForm(forms.Form):
    reason = forms.CharField(
        label="Why are you resetting this person's two-step verification?",
        max_length=500,
        widget=forms.Textarea,
        error_messages={"required": "Enter why you are resetting it"},
    )
