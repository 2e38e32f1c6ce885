"""Settings for the Celery worker processes the tests start: the test settings, plus the app
holding the test-only job kinds (found by onrecord.jobs' autodiscovery of jobs.py modules)."""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.jobs.celery_handlers"]
