from django.apps import AppConfig


class PolicyOwnerConfig(AppConfig):
    name = "onrecord.policy_owner"
    label = "policy_owner"
    verbose_name = "The policy owner's pages"
