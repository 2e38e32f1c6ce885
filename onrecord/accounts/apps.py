from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "onrecord.accounts"
    label = "accounts"
    verbose_name = "Users and roles"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from onrecord.accounts.language import keep_choice_made_before_sign_in

        user_logged_in.connect(keep_choice_made_before_sign_in, dispatch_uid="keep_language")
