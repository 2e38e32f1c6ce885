from tests.support.api_clients import api_personas
from tests.support.webhook_receiver import receiver

__all__ = ["api_personas", "receiver"]  # fixtures, found by pytest in this module
