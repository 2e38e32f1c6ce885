"""Test settings: the real settings, with a throwaway data directory and a fast password hasher.

Argon2 is what production uses (tests/accounts/test_sign_in.py checks the real settings say
so); hashing with it for every fixture user would only make the suite slow.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

if "ONRECORD_DATA_DIR" not in os.environ:
    # Commands a test runs in a subprocess inherit this directory; only its creator removes it.
    os.environ["ONRECORD_DATA_DIR"] = tempfile.mkdtemp(prefix="onrecord-test-")
    atexit.register(shutil.rmtree, os.environ["ONRECORD_DATA_DIR"], ignore_errors=True)
# Two-step verification has its own tests (tests/accounts/test_two_step*.py), which turn it on;
# every other test signs staff in with force_login and would otherwise meet the second step.
# Commands run in subprocesses inherit this.
os.environ.setdefault("ONRECORD_TWO_STEP_REQUIRED", "false")
os.environ.setdefault(
    "ONRECORD_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

if os.environ.get("DATABASE_URL"):
    # On a shared database a node never generates its keys (issue 15): the test run plays the
    # operator who supplied them, by making them once in its own data directory first.
    from onrecord import authority_key, config
    from onrecord.vault import keys as vault_keys

    _keys_dir = config.data_dir()
    config.secret_key(_keys_dir)
    vault_keys.load_keyring(_keys_dir)
    authority_key.load_signing_key(_keys_dir)

from onrecord.settings import *  # noqa: F403
from onrecord.settings import DATA_DIR, PASSWORD_HASHERS

PRODUCTION_PASSWORD_HASHERS = PASSWORD_HASHERS
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# WhiteNoise warns (an error under our pytest settings) when STATIC_ROOT is missing.
Path(DATA_DIR, "staticfiles").mkdir(parents=True, exist_ok=True)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Django's SQLite backend, but a flush between transactional tests lifts the append-only
    # triggers for its own transaction (tests/support/sqlite_backend/base.py).
    DATABASES["default"]["ENGINE"] = "tests.support.sqlite_backend"  # noqa: F405
    # A file, not memory, so a command run in a subprocess by a test can open the same database.
    _test_db = os.environ.get("ONRECORD_TEST_SQLITE_NAME") or str(Path(DATA_DIR, "test.sqlite3"))
    DATABASES["default"]["TEST"] = {"NAME": _test_db}  # noqa: F405
    if os.environ.get("ONRECORD_TEST_SQLITE_NAME"):
        DATABASES["default"]["NAME"] = _test_db  # noqa: F405
