from django import forms
from django.contrib.auth.forms import AuthenticationForm

USERNAME_MAX_LENGTH = 150


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with messages in plain English (GOV.UK style)."""

    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been closed. Ask your administrator.",
    }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].error_messages.update(
            {
                "required": "Enter your username",
                "max_length": "Username must be 150 characters or fewer",
            }
        )
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self) -> str:
        # AuthenticationForm sets max_length after the field is built, so Django adds no
        # validator for it: check here, before any attempt to authenticate.
        username: str = self.cleaned_data["username"]
        if len(username) > USERNAME_MAX_LENGTH:
            raise forms.ValidationError(
                self.fields["username"].error_messages["max_length"], code="max_length"
            )
        return username
