"""Set Django up for a command that needs the database; commands that do not never call it."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onrecord.settings")
    import django

    django.setup()
