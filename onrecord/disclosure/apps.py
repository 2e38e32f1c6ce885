from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    # No models of its own (ExplanatoryStatement stays in the vault app): pages and a tag library.
    name = "onrecord.disclosure"
    label = "disclosure"
    verbose_name = "Disclosure: statements and bundles"
