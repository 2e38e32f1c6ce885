from django.apps import AppConfig


class PolicyVersionsConfig(AppConfig):
    name = "onrecord.policy_versions"
    label = "policy_versions"
    verbose_name = "Recording policy versions"
