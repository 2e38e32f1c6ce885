"""ONRECORD_OIDC_*, single sign-on for staff (issue 13): every variable checked at start-up
with the variable named; the client secret never echoed back; a real process refuses to start
on a bad value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from onrecord import config
from tests.support.processes import bare_env

ROOT = Path(__file__).resolve().parent.parent
SECRET = "a-client-secret-of-entra-length"

GOOD = {
    "ONRECORD_OIDC_ISSUER": "https://login.microsoftonline.com/0000-tenant/v2.0",
    "ONRECORD_OIDC_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
    "ONRECORD_OIDC_CLIENT_SECRET": SECRET,
    "ONRECORD_OIDC_ALLOWED_GROUPS": "g-onrecord",
    "ONRECORD_OIDC_ROLE_MAP": "g-chairs=chair,g-sw=social_worker",
    "ONRECORD_OIDC_AUTHORITY_MAP": "g-onrecord=council-a",
}


@pytest.fixture
def oidc_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in [
        "ONRECORD_OIDC_SIGNING_ALGORITHM",
        "ONRECORD_OIDC_SCOPES",
        "ONRECORD_OIDC_GROUPS_CLAIM",
        "ONRECORD_OIDC_ROLE_CLAIM",
        "ONRECORD_OIDC_AUTHORITY_CLAIM",
        "ONRECORD_OIDC_RECHECK_MINUTES",
        "ONRECORD_OIDC_CLIENT_SECRET_FILE",
        "ONRECORD_SECRETS_DIR",
    ]:
        monkeypatch.delenv(name, raising=False)
    for name, value in GOOD.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_off_without_an_issuer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONRECORD_OIDC_ISSUER", raising=False)
    assert config.oidc(debug=False) is None


def test_a_good_configuration_and_its_defaults(oidc_env: pytest.MonkeyPatch) -> None:
    value = config.oidc(debug=False)
    assert value is not None
    assert value["issuer"] == GOOD["ONRECORD_OIDC_ISSUER"]
    assert value["client_secret"] == SECRET
    assert value["signing_algorithm"] == "RS256"
    assert value["scopes"] == "openid email profile"
    assert value["groups_claim"] == value["role_claim"] == value["authority_claim"] == "groups"
    assert value["allowed_groups"] == ("g-onrecord",)
    assert value["role_map"] == (("g-chairs", "chair"), ("g-sw", "social_worker"))
    assert value["authority_map"] == (("g-onrecord", "council-a"),)
    assert value["recheck_minutes"] == 15


def test_each_setting_is_read(oidc_env: pytest.MonkeyPatch) -> None:
    oidc_env.setenv("ONRECORD_OIDC_SIGNING_ALGORITHM", "ES256")
    oidc_env.setenv("ONRECORD_OIDC_SCOPES", "openid  email")
    oidc_env.setenv("ONRECORD_OIDC_GROUPS_CLAIM", "grp")
    oidc_env.setenv("ONRECORD_OIDC_ROLE_CLAIM", "roles")
    oidc_env.setenv("ONRECORD_OIDC_AUTHORITY_CLAIM", "extension_council")
    oidc_env.setenv("ONRECORD_OIDC_RECHECK_MINUTES", "5")
    value = config.oidc(debug=False)
    assert value is not None
    assert (value["signing_algorithm"], value["scopes"]) == ("ES256", "openid email")
    assert (value["groups_claim"], value["role_claim"]) == ("grp", "roles")
    assert value["authority_claim"] == "extension_council"
    assert value["recheck_minutes"] == 5


def test_the_secret_may_come_from_a_file(oidc_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret_file = tmp_path / "oidc_secret"
    secret_file.write_text("a-secret-from-a-mounted-file\n")
    secret_file.chmod(0o600)
    oidc_env.delenv("ONRECORD_OIDC_CLIENT_SECRET")
    oidc_env.setenv("ONRECORD_OIDC_CLIENT_SECRET_FILE", str(secret_file))
    value = config.oidc(debug=False)
    assert value is not None
    assert value["client_secret"] == "a-secret-from-a-mounted-file"


@pytest.mark.parametrize(
    ("name", "raw", "says"),
    [
        ("ONRECORD_OIDC_ISSUER", "login.microsoftonline.com", "https:// issuer"),
        ("ONRECORD_OIDC_ISSUER", "http://idp.council.example", "must start https://"),
        ("ONRECORD_OIDC_ISSUER", "https://idp:port", "not a valid URL"),
        ("ONRECORD_OIDC_CLIENT_ID", "", "ONRECORD_OIDC_CLIENT_ID is required"),
        ("ONRECORD_OIDC_CLIENT_SECRET", "short", "at least 16"),
        ("ONRECORD_OIDC_SIGNING_ALGORITHM", "HS256", "must be one of RS256"),
        ("ONRECORD_OIDC_SIGNING_ALGORITHM", "none", "must be one of RS256"),
        ("ONRECORD_OIDC_SCOPES", "email profile", "must include openid"),
        ("ONRECORD_OIDC_GROUPS_CLAIM", "gr oups", "claim name"),
        ("ONRECORD_OIDC_ALLOWED_GROUPS", " , ", "ONRECORD_OIDC_ALLOWED_GROUPS is required"),
        ("ONRECORD_OIDC_ROLE_MAP", "", "ONRECORD_OIDC_ROLE_MAP is required"),
        ("ONRECORD_OIDC_ROLE_MAP", "g-chairs", "claim-value=target"),
        ("ONRECORD_OIDC_ROLE_MAP", "g=family", "family members and other agencies"),
        ("ONRECORD_OIDC_ROLE_MAP", "g=professional", "not a role single sign-on may give"),
        ("ONRECORD_OIDC_ROLE_MAP", "g=chair,g=legal", "listed twice"),
        ("ONRECORD_OIDC_AUTHORITY_MAP", "g=Council A", "slug"),
        ("ONRECORD_OIDC_RECHECK_MINUTES", "0", "between 1 and 1440"),
    ],
)
def test_bad_values_stop_start_up(
    oidc_env: pytest.MonkeyPatch, name: str, raw: str, says: str
) -> None:
    oidc_env.setenv(name, raw)
    with pytest.raises(config.ConfigError, match=name) as caught:
        config.oidc(debug=False)
    assert says in str(caught.value)
    assert SECRET not in str(caught.value)


def test_plain_http_issuer_on_this_machine_or_in_debug(oidc_env: pytest.MonkeyPatch) -> None:
    oidc_env.setenv("ONRECORD_OIDC_ISSUER", "http://127.0.0.1:9000")
    assert config.oidc(debug=False) is not None
    oidc_env.setenv("ONRECORD_OIDC_ISSUER", "http://idp.test")
    assert config.oidc(debug=True) is not None


def test_a_real_process_refuses_to_start(tmp_path: Path) -> None:
    env = bare_env(data_dir=tmp_path / "var")
    env.update(GOOD)
    env["ONRECORD_OIDC_ROLE_MAP"] = "g-family=family"
    env["DJANGO_SETTINGS_MODULE"] = "onrecord.settings"
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode != 0
    assert "ONRECORD_OIDC_ROLE_MAP" in done.stderr
    assert SECRET not in done.stderr
