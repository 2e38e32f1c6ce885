from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "onrecord.cases"
    label = "cases"
    verbose_name = "Cases, children and meetings"

    def ready(self) -> None:
        from onrecord.accounts.sso_provisioning import authorities_granted
        from onrecord.cases.sso_memberships import grant_memberships

        authorities_granted.connect(grant_memberships, dispatch_uid="onrecord.cases.sso")
