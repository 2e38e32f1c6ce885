"""Every setting in README's table is read and does something (issue 15: two documented
variables were never read). The table is parsed; each variable must be named in OnRecord's
source (tests' own variables: in the tests) and have a behavioural check: most are set, all at
once, in a real process that loads the settings and reports what each one changed; the rest name
the test that exercises them. A variable added to the README without either fails here."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from onrecord.vault.keys import encode_key
from tests.support.processes import bare_env

ROOT = Path(__file__).resolve().parent.parent
SIGNING = "Uz8yqZGmUQtv3UyZTOU5bxQYzjvBgwOZ5XlWBoXb4hk="
KEK = encode_key(bytes(range(32)))

# variable -> (value set, Python expression evaluated after django.setup(), expected result)
BEHAVIOUR: dict[str, tuple[str, str, Any]] = {
    "DATABASE_URL": (
        "postgresql://onrecord@db.example:5432/onrecord_x",
        "settings.DATABASES['default']['NAME']",
        "onrecord_x",
    ),
    "ONRECORD_SECRET_KEY": ("r" * 60, "settings.SECRET_KEY", "r" * 60),
    "ONRECORD_DEBUG": ("true", "settings.DEBUG", True),
    "ONRECORD_ALLOWED_HOSTS": (
        "a.example,b.example",
        "settings.ALLOWED_HOSTS",
        ["a.example", "b.example"],
    ),
    "ONRECORD_CSRF_TRUSTED_ORIGINS": (
        "https://a.example",
        "settings.CSRF_TRUSTED_ORIGINS",
        ["https://a.example"],
    ),
    "ONRECORD_HTTPS": ("true", "settings.SESSION_COOKIE_SECURE", True),
    "ONRECORD_TRUSTED_PROXIES": ("2", "settings.ONRECORD_TRUSTED_PROXIES", 2),
    "ONRECORD_LOGIN_FAILURE_LIMIT": ("7", "settings.AXES_FAILURE_LIMIT", 7),
    "ONRECORD_LOG_LEVEL": ("WARNING", "settings.LOGGING['root']['level']", "WARNING"),
    "ONRECORD_VAULT_KEYS": (
        f"kreadme:{KEK}",
        "__import__('onrecord.vault.ingest', fromlist=['x']).default_keyring().active_id",
        "kreadme",
    ),
    "ONRECORD_SIGNING_KEY": (
        SIGNING,
        "__import__('onrecord.authority_key', fromlist=['x']).fingerprint("
        "__import__('onrecord.authority_key', fromlist=['x'])"
        ".load_signing_key(settings.DATA_DIR).public_key())[:9]",
        "22be:f8b1",
    ),
    "ONRECORD_SIGNING_PUBLIC_KEYS": (
        "/srv/keys.pub",
        "str(__import__('onrecord.authority_key', fromlist=['x'])"
        ".public_keys_path(settings.DATA_DIR))",
        "/srv/keys.pub",
    ),
    "ONRECORD_AUDIT_CHECKPOINTS": (
        "/srv/cp",
        "str(settings.ONRECORD_AUDIT_CHECKPOINTS)",
        "/srv/cp",
    ),
    "ONRECORD_AUDIT_WITNESS": ("/srv/w", "settings.ONRECORD_AUDIT_WITNESS", "/srv/w"),
    "ONRECORD_AUDIT_ORIGIN": ("council/audit", "settings.ONRECORD_AUDIT_ORIGIN", "council/audit"),
    "ONRECORD_VAULT_MAX_BYTES": ("1000", "settings.ONRECORD_VAULT_MAX_BYTES", 1000),
    "ONRECORD_POLICY_DIRS": (
        "/srv/policies",
        "[str(p) for p in __import__('onrecord.policy.profiles', fromlist=['x'])"
        ".policy_dirs()][-1]",
        "/srv/policies",
    ),
    "ONRECORD_EMAIL_BACKEND": (
        "smtp",
        "settings.EMAIL_BACKEND",
        "django.core.mail.backends.smtp.EmailBackend",
    ),
    "ONRECORD_VAULT_STORAGE": ("s3", "settings.ONRECORD_VAULT_STORAGE['backend']", "s3"),
    "ONRECORD_VAULT_S3_BUCKET": ("b1", "settings.ONRECORD_VAULT_STORAGE['bucket']", "b1"),
    "ONRECORD_VAULT_S3_PREFIX": ("p/", "settings.ONRECORD_VAULT_STORAGE['prefix']", "p/"),
    "ONRECORD_VAULT_S3_ENDPOINT_URL": (
        "https://s3.example",
        "settings.ONRECORD_VAULT_STORAGE['endpoint_url']",
        "https://s3.example",
    ),
    "ONRECORD_VAULT_S3_REGION": (
        "eu-west-2",
        "settings.ONRECORD_VAULT_STORAGE['region']",
        "eu-west-2",
    ),
    "ONRECORD_RETENTION_SCHEDULE": (
        "/srv/r.yaml",
        "settings.ONRECORD_RETENTION_SCHEDULE",
        "/srv/r.yaml",
    ),
    "ONRECORD_LIVE_CHUNK_MAX_BYTES": (
        "65536",
        "__import__('onrecord.vault.live.services', fromlist=['x']).chunk_limit()",
        65536,
    ),
    "ONRECORD_LIVE_ABANDON_HOURS": (
        "2",
        "__import__('onrecord.vault.live.services', fromlist=['x'])"
        ".abandon_after().total_seconds()",
        7200.0,
    ),
    "ONRECORD_SPEECH_MODEL": ("tiny.en", "settings.ONRECORD_SPEECH_MODEL", "tiny.en"),
    "ONRECORD_SPEECH_WINDOW_SECONDS": ("60", "settings.ONRECORD_SPEECH_WINDOW_SECONDS", 60),
    "ONRECORD_JOBS_BROKER": (
        "redis://broker.example:6379/0",
        "settings.ONRECORD_JOBS_BROKER",
        "redis://broker.example:6379/0",
    ),
    "ONRECORD_JOBS_QUEUE": ("q.readme", "settings.ONRECORD_JOBS_QUEUE", "q.readme"),
    "ONRECORD_JOBS_LEASE_SECONDS": ("90", "settings.ONRECORD_JOBS_LEASE_SECONDS", 90),
    "ONRECORD_SERVE_WORKER_CLASS": ("sync", "settings.ONRECORD_SERVE_WORKER_CLASS", "sync"),
    "ONRECORD_SERVE_THREADS": ("3", "settings.ONRECORD_SERVE_THREADS", 3),
    "ONRECORD_SERVE_TIMEOUT": ("45", "settings.ONRECORD_SERVE_TIMEOUT", 45),
    "ONRECORD_NODE_SWEEP_SECONDS": ("30", "settings.ONRECORD_NODE_SWEEP_SECONDS", 30),
    "ONRECORD_EMAIL_HOST": ("smtp.example", "settings.EMAIL_HOST", "smtp.example"),
    "ONRECORD_EMAIL_PORT": ("587", "settings.EMAIL_PORT", 587),
    "ONRECORD_EMAIL_USER": ("onrecord", "settings.EMAIL_HOST_USER", "onrecord"),
    "ONRECORD_EMAIL_PASSWORD": ("pw-readme", "settings.EMAIL_HOST_PASSWORD", "pw-readme"),
    "ONRECORD_EMAIL_USE_TLS": ("true", "settings.EMAIL_USE_TLS", True),
    "ONRECORD_OIDC_ISSUER": (
        "https://idp.example/tenant/v2.0",
        "[(settings.ONRECORD_OIDC or {}).get('issuer'), settings.AUTHENTICATION_BACKENDS[-1]]",
        ["https://idp.example/tenant/v2.0", "onrecord.accounts.sso.SsoBackend"],
    ),
    "ONRECORD_OIDC_CLIENT_ID": (
        "client-readme",
        "(settings.ONRECORD_OIDC or {}).get('client_id')",
        "client-readme",
    ),
    "ONRECORD_OIDC_CLIENT_SECRET": (
        "a-readme-client-secret",
        "(settings.ONRECORD_OIDC or {}).get('client_secret')",
        "a-readme-client-secret",
    ),
    "ONRECORD_OIDC_ALLOWED_GROUPS": (
        "g1,g2",
        "list((settings.ONRECORD_OIDC or {}).get('allowed_groups', []))",
        ["g1", "g2"],
    ),
    "ONRECORD_OIDC_ROLE_MAP": (
        "c=chair",
        "[list(p) for p in (settings.ONRECORD_OIDC or {}).get('role_map', [])]",
        [["c", "chair"]],
    ),
    "ONRECORD_OIDC_AUTHORITY_MAP": (
        "g1=council-a",
        "[list(p) for p in (settings.ONRECORD_OIDC or {}).get('authority_map', [])]",
        [["g1", "council-a"]],
    ),
    "ONRECORD_OIDC_GROUPS_CLAIM": (
        "grp",
        "(settings.ONRECORD_OIDC or {}).get('groups_claim')",
        "grp",
    ),
    "ONRECORD_OIDC_ROLE_CLAIM": (
        "roles",
        "(settings.ONRECORD_OIDC or {}).get('role_claim')",
        "roles",
    ),
    "ONRECORD_OIDC_AUTHORITY_CLAIM": (
        "council",
        "(settings.ONRECORD_OIDC or {}).get('authority_claim')",
        "council",
    ),
    "ONRECORD_OIDC_SIGNING_ALGORITHM": (
        "ES256",
        "(settings.ONRECORD_OIDC or {}).get('signing_algorithm')",
        "ES256",
    ),
    "ONRECORD_OIDC_SCOPES": (
        "openid email",
        "(settings.ONRECORD_OIDC or {}).get('scopes')",
        "openid email",
    ),
    "ONRECORD_OIDC_RECHECK_MINUTES": (
        "5",
        "(settings.ONRECORD_OIDC or {}).get('recheck_minutes')",
        5,
    ),
    "ONRECORD_FROM_EMAIL": (
        "o@council.example",
        "settings.DEFAULT_FROM_EMAIL",
        "o@council.example",
    ),
}

# Checked apart from the others: each would clash with a value above, or is the tests' own.
TESTED_ELSEWHERE = {
    "ONRECORD_DATA_DIR": "tests/test_config.py",
    "ONRECORD_EMAIL_USE_SSL": "tests/test_mail_backend_multi_node.py",
    "ONRECORD_SECRET_KEY_FILE": "tests/key_fingerprints/test_node_with_other_vault_key_refuses.py",
    "ONRECORD_VAULT_KEYS_FILE": "tests/key_fingerprints/test_node_with_other_vault_key_refuses.py",
    "ONRECORD_SIGNING_KEY_FILE": "tests/key_fingerprints/test_node_with_other_vault_key_refuses.py",
    "ONRECORD_SECRETS_DIR": "tests/key_fingerprints/test_secret_sources.py",
    "ONRECORD_SEEDS_DIR": "tests/policy/test_profiles.py",
    "ONRECORD_FUZZ_EXAMPLES": "tests/support/fuzzing.py",
    "ONRECORD_API_FUZZ_EXAMPLES": "tests/api/test_openapi_fuzz.py",
    "ONRECORD_IDLE_TIMEOUT_STAFF_MINUTES": "tests/accounts/test_idle_timeout.py",
    "ONRECORD_IDLE_TIMEOUT_OTHERS_MINUTES": "tests/accounts/test_idle_timeout.py",
    "ONRECORD_IDLE_WARNING_MINUTES": "tests/accounts/test_idle_timeout.py",
    "ONRECORD_TWO_STEP_REQUIRED": "tests/accounts/test_two_step.py",
    "ONRECORD_BASE_URL": "tests/test_config_base_url.py",
    "ONRECORD_NOTIFICATIONS": "tests/recording_requests/test_notifier_choice.py",
    "ONRECORD_NOTIFY_API_KEY": "tests/recording_requests/test_notifier_choice.py",
    "ONRECORD_NOTIFY_EMAIL_TEMPLATE_ID": "tests/recording_requests/test_notifier_choice.py",
    "ONRECORD_NOTIFY_BASE_URL": "tests/recording_requests/test_notify_adapter.py",
    "ONRECORD_LOG_FORMAT": "tests/ops/test_configuration.py",
    "ONRECORD_METRICS_TOKEN": "tests/ops/test_metrics.py",
    "ONRECORD_METRICS_ALLOWED_NETWORKS": "tests/ops/test_metrics.py",
    "ONRECORD_WEBHOOK_MAX_ATTEMPTS": "tests/webhooks/test_delivery.py",
    "ONRECORD_WEBHOOK_RETRY_SECONDS": "tests/webhooks/test_delivery.py",
    "ONRECORD_WEBHOOK_TIMEOUT_SECONDS": "tests/ops/test_configuration.py",
    "ONRECORD_WEBHOOK_ALLOW_HTTP": "tests/webhooks/test_delivery.py",
    "ONRECORD_OIDC_CLIENT_SECRET_FILE": "tests/test_config_oidc.py",
}
TESTS_ONLY = {"ONRECORD_SEEDS_DIR", "ONRECORD_FUZZ_EXAMPLES", "ONRECORD_API_FUZZ_EXAMPLES"}

_VARIABLE = re.compile(r"`((?:ONRECORD_[A-Z0-9_]+|DATABASE_URL)|_[A-Z0-9_]+)`")


def readme_variables() -> list[str]:
    """Every variable the README's settings table names, shorthand (`_PREFIX`) expanded."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("| variable | default | meaning |")
    found: list[str] = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        last = ""
        for name in _VARIABLE.findall(line):
            if name.startswith("_"):
                name = last.rsplit("_", 1)[0] + name
            else:
                last = name
            if name not in found and not name.endswith("_"):
                found.append(name)
    return found


def _source_text(folder: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / folder).rglob("*.py"))


def test_the_table_is_parsed() -> None:
    names = readme_variables()
    assert "ONRECORD_LIVE_CHUNK_MAX_BYTES" in names
    assert "ONRECORD_VAULT_S3_PREFIX" in names  # written `_PREFIX` in the table
    assert len(names) >= 40


def test_every_variable_is_read_and_has_a_behavioural_check() -> None:
    source = _source_text("onrecord")
    tests = _source_text("tests")
    unread, untested = [], []
    for name in readme_variables():
        where = tests if name in TESTS_ONLY else source
        # Named whole (a string literal), or as the base of a *_FILE variable the code derives.
        base = name.removesuffix("_FILE")
        if f'"{name}"' not in where and not (name.endswith("_FILE") and f'"{base}"' in where):
            unread.append(name)
        if name not in BEHAVIOUR:
            test_file = TESTED_ELSEWHERE.get(name)
            if test_file is None or base not in (ROOT / test_file).read_text(encoding="utf-8"):
                untested.append(name)
    assert unread == [], "documented in README but never read"
    assert untested == [], "add a check to BEHAVIOUR here, or name its test in TESTED_ELSEWHERE"


def test_each_variable_changes_what_it_documents(tmp_path: Path) -> None:
    env = bare_env(data_dir=tmp_path / "var")
    env["DJANGO_SETTINGS_MODULE"] = "onrecord.settings"
    env.update({name: value for name, (value, _, _) in BEHAVIOUR.items()})
    checks = {name: expression for name, (_, expression, _) in BEHAVIOUR.items()}
    program = (
        "import json, sys, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "checks = json.loads(sys.argv[1])\n"
        "print(json.dumps({name: eval(expr) for name, expr in checks.items()}, default=str))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, json.dumps(checks)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    wrong = {
        name: (seen[name], expected)
        for name, (_, _, expected) in BEHAVIOUR.items()
        if seen[name] != expected
    }
    assert wrong == {}


def test_the_defaults_differ_from_the_values_set(tmp_path: Path) -> None:
    """Without the variables each check gives another answer: the values above are not
    defaults, so the check above proves each variable was read."""
    env = bare_env(data_dir=tmp_path / "var")
    env["DJANGO_SETTINGS_MODULE"] = "onrecord.settings"
    checks = {
        name: expression
        for name, (_, expression, _) in BEHAVIOUR.items()
        if not name.startswith("ONRECORD_VAULT_S3_")  # read only with ONRECORD_VAULT_STORAGE=s3
    }
    program = (
        "import json, sys, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "checks = json.loads(sys.argv[1])\n"
        "print(json.dumps({name: eval(expr) for name, expr in checks.items()}, default=str))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, json.dumps(checks)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    same = [name for name in checks if seen[name] == BEHAVIOUR[name][2]]
    assert same == []
