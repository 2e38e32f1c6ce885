"""Reads OnRecord's configuration from the environment, with safe embedded defaults.

Kept apart from settings.py so the rules (what is required, what the defaults are) can be
tested and documented without importing Django.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from onrecord.secret_sources import KeyConfigError, configured_secret

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """A configuration value is missing or malformed; the message names the variable."""


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


def env_range(name: str, default: int, low: int, high: int) -> int:
    """A whole number between `low` and `high`; the error names the variable and the range."""
    value = env_int(name, default)
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """Where the embedded defaults keep their files: the SQLite database, keys, mail, uploads.

    Private to the service's user (0700): the database and mail hold children's records, and
    files made inside it by libraries (SQLite's own, 0644) must not be readable by others.
    """
    path = Path(os.environ.get("ONRECORD_DATA_DIR") or PROJECT_ROOT / "var").resolve()
    return private_dir(path)


def private_dir(path: Path) -> Path:
    """A directory only this service's user can enter (0700), made if missing."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def shared_database() -> bool:
    """True when DATABASE_URL points at a shared database (PostgreSQL) rather than the embedded
    SQLite file: several nodes may then serve one record, so no node may invent its own keys."""
    return bool(os.environ.get("DATABASE_URL", "").strip())


def secret_key(directory: Path, *, may_generate: bool = True) -> str:
    """The Django secret key: from ONRECORD_SECRET_KEY (or ONRECORD_SECRET_KEY_FILE, or
    ONRECORD_SECRETS_DIR: onrecord/secret_sources.py), else a file made once with mode 0600.

    Generating it on first run means a fresh install is never left with a shared default key,
    and the key never enters the repository. With `may_generate` False (a shared database) a
    missing key is refused instead: a node that made its own would sign sessions no other node
    accepts (issue 15).
    """
    try:
        configured = configured_secret("ONRECORD_SECRET_KEY")
    except KeyConfigError as exc:
        raise ConfigError(str(exc)) from exc
    if configured:
        if len(configured.value) < 50:
            raise ConfigError(f"{configured.where}: the secret key must be at least 50 characters")
        return configured.value
    path = directory / "secret_key"
    if not path.exists() and not may_generate:
        raise ConfigError(
            "ONRECORD_SECRET_KEY is not set and this node will not generate one while "
            "DATABASE_URL points at a shared database: give every node the same key "
            '(ONRECORD_SECRET_KEY or ONRECORD_SECRET_KEY_FILE; docs/DEPLOYMENT.md, "Keys")'
        )
    if not path.exists():
        # Write a complete temporary file, then link it into place: a second process starting
        # at the same moment either wins the link or reads the finished key, never half a file.
        tmp = directory / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(64))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_text(encoding="ascii").strip()
    if len(key) < 50:
        raise ConfigError(f"{path} is damaged: delete it to generate a new key")
    return key


def vault_storage() -> dict[str, str]:
    """Where the vault keeps encrypted recordings: `files` (default, under the data directory)
    or `s3` (an S3-compatible bucket; docs/DEPLOYMENT.md). Checked at start-up, so a typo stops
    the service with the variable named instead of failing on the first upload."""
    backend = (os.environ.get("ONRECORD_VAULT_STORAGE") or "files").strip().lower()
    if backend == "files":
        return {"backend": "files"}
    if backend != "s3":
        raise ConfigError(f"ONRECORD_VAULT_STORAGE must be 'files' or 's3', not {backend!r}")
    bucket = os.environ.get("ONRECORD_VAULT_S3_BUCKET", "").strip()
    if not bucket:
        raise ConfigError("ONRECORD_VAULT_STORAGE=s3 needs ONRECORD_VAULT_S3_BUCKET")
    prefix = os.environ.get("ONRECORD_VAULT_S3_PREFIX", "").strip()
    if prefix and (prefix.startswith("/") or not prefix.endswith("/")):
        raise ConfigError(
            f"ONRECORD_VAULT_S3_PREFIX must end with '/' and not start with one, not {prefix!r}"
        )
    endpoint = os.environ.get("ONRECORD_VAULT_S3_ENDPOINT_URL", "").strip()
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise ConfigError(
            f"ONRECORD_VAULT_S3_ENDPOINT_URL must be an http(s) URL, not {endpoint!r}"
        )
    return {
        "backend": "s3",
        "bucket": bucket,
        "prefix": prefix,
        "endpoint_url": endpoint,
        "region": os.environ.get("ONRECORD_VAULT_S3_REGION", "").strip(),
    }


# Celery brokers OnRecord is tested against (docs/JOBS.md): Redis and RabbitMQ, plain or TLS.
BROKER_SCHEMES = ("redis", "rediss", "amqp", "amqps")


def jobs_broker() -> str | None:
    """ONRECORD_JOBS_BROKER: the Celery broker that scales jobs out, or None for the embedded
    worker. Never echoed back in an error: the URL may carry the broker's password."""
    raw = os.environ.get("ONRECORD_JOBS_BROKER", "").strip()
    if not raw:
        return None
    try:
        parts = urlsplit(raw)
        _ = parts.port  # raises on a port that is not a number
    except ValueError as exc:
        raise ConfigError("ONRECORD_JOBS_BROKER is not a valid URL (check the port)") from exc
    if parts.scheme not in BROKER_SCHEMES:
        raise ConfigError(
            "ONRECORD_JOBS_BROKER must start redis://, rediss://, amqp:// or amqps://, "
            f"not {parts.scheme + '://' if parts.scheme else 'nothing'}"
        )
    if not parts.hostname:
        raise ConfigError("ONRECORD_JOBS_BROKER must name the broker's host")
    return raw


def jobs_queue() -> str:
    """ONRECORD_JOBS_QUEUE: the broker queue name, so two installations can share a broker."""
    name = os.environ.get("ONRECORD_JOBS_QUEUE", "").strip() or "onrecord.jobs"
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", name):
        raise ConfigError(
            "ONRECORD_JOBS_QUEUE may hold only letters, digits, '.', '_' and '-' "
            f"(at most 100), not {name!r}"
        )
    return name


def jobs_lease_seconds() -> int:
    """ONRECORD_JOBS_LEASE_SECONDS: how long a silent worker keeps a job before it is presumed
    dead and the job is claimed again."""
    seconds = env_int("ONRECORD_JOBS_LEASE_SECONDS", 60)
    if not 1 <= seconds <= 24 * 60 * 60:
        raise ConfigError(f"ONRECORD_JOBS_LEASE_SECONDS must be between 1 and 86400, not {seconds}")
    return seconds


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def base_url(*, debug: bool) -> str:
    """ONRECORD_BASE_URL: the address people reach the service at, used in every link an email
    carries (issue 12). Checked at start-up: an absolute http(s) URL with a host and nothing
    after the path; https unless in DEBUG or on this machine only (a loopback host)."""
    raw = os.environ.get("ONRECORD_BASE_URL", "").strip() or "http://127.0.0.1:8000"
    try:
        parts = urlsplit(raw)
        _ = parts.port  # raises on a port that is not a number
    except ValueError as exc:
        raise ConfigError(f"ONRECORD_BASE_URL is not a valid URL: {raw!r}") from exc
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigError(
            f"ONRECORD_BASE_URL must be an absolute http:// or https:// address, not {raw!r}"
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        # Not echoed back: it may hold a password.
        raise ConfigError("ONRECORD_BASE_URL must not carry a user, password, query or fragment")
    if parts.scheme != "https" and not debug and parts.hostname not in LOOPBACK_HOSTS:
        raise ConfigError(
            f"ONRECORD_BASE_URL must start https:// (people open it from email), not {raw!r}"
        )
    return raw.rstrip("/")


# How messages reach people (docs/NOTIFICATIONS.md): Django's email backend, or GOV.UK Notify.
NOTIFICATION_CHANNELS = ("email", "notify")


def notifications() -> dict[str, str]:
    """ONRECORD_NOTIFICATIONS and, for Notify, its API key and template. The key is never
    echoed back in an error."""
    channel = os.environ.get("ONRECORD_NOTIFICATIONS", "").strip() or "email"
    if channel not in NOTIFICATION_CHANNELS:
        raise ConfigError(f"ONRECORD_NOTIFICATIONS must be email or notify, not {channel!r}")
    if channel == "email":
        return {"channel": "email"}
    key = os.environ.get("ONRECORD_NOTIFY_API_KEY", "").strip()
    template = os.environ.get("ONRECORD_NOTIFY_EMAIL_TEMPLATE_ID", "").strip()
    api = (
        os.environ.get("ONRECORD_NOTIFY_BASE_URL", "").strip()
        or "https://api.notifications.service.gov.uk"
    )
    uuid_re = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    # A Notify API key is "<name>-<service id>-<secret>", the last two UUIDs.
    if not re.fullmatch(rf".+-{uuid_re}-{uuid_re}", key):
        raise ConfigError(
            "ONRECORD_NOTIFY_API_KEY must be a GOV.UK Notify API key "
            "(name-serviceid-secret, as Notify shows it)"
        )
    if not re.fullmatch(uuid_re, template):
        raise ConfigError(
            "ONRECORD_NOTIFY_EMAIL_TEMPLATE_ID must be the id (a UUID) of a Notify email "
            "template whose subject is ((subject)) and body is ((body))"
        )
    if urlsplit(api).scheme not in {"http", "https"} or not urlsplit(api).hostname:
        raise ConfigError(f"ONRECORD_NOTIFY_BASE_URL must be an http(s) address, not {api!r}")
    return {"channel": "notify", "api_key": key, "template_id": template, "base_url": api}


def log_format() -> str:
    """ONRECORD_LOG_FORMAT: "json" (default; one JSON object a line, docs/DEPLOYMENT.md) or
    "text" (for reading by eye in a terminal)."""
    value = os.environ.get("ONRECORD_LOG_FORMAT", "").strip().lower() or "json"
    if value not in {"json", "text"}:
        raise ConfigError(f"ONRECORD_LOG_FORMAT must be json or text, not {value!r}")
    return value


def metrics_networks() -> list[str]:
    """ONRECORD_METRICS_ALLOWED_NETWORKS: addresses or CIDR ranges the scraper calls from."""
    import ipaddress

    networks = env_list("ONRECORD_METRICS_ALLOWED_NETWORKS", [])
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as exc:
            raise ConfigError(
                f"ONRECORD_METRICS_ALLOWED_NETWORKS: {network!r} is not an address or CIDR range"
            ) from exc
    return networks


def bounded_int(name: str, default: int, low: int, high: int) -> int:
    """A whole number from the environment, refused outside [low, high], naming the variable."""
    value = env_int(name, default)
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value


# `onrecord serve`'s web server (docs/DEPLOYMENT.md, "Long uploads and the worker timeout").
SERVE_WORKER_CLASSES = ("gthread", "sync")


def serve_worker_class() -> str:
    """ONRECORD_SERVE_WORKER_CLASS: gunicorn's worker class, `gthread` (default) or `sync`.

    gthread: each worker process serves requests on threads while its main loop keeps telling
    the master it is alive, so a request may run as long as its client needs (an hour's
    recording uploaded from a phone on mobile data); `sync` serves one request per process and
    is killed when a request outlasts ONRECORD_SERVE_TIMEOUT (gunicorn's old default)."""
    name = (os.environ.get("ONRECORD_SERVE_WORKER_CLASS") or "gthread").strip().lower()
    if name not in SERVE_WORKER_CLASSES:
        raise ConfigError(f"ONRECORD_SERVE_WORKER_CLASS must be gthread or sync, not {name!r}")
    return name


def serve_threads() -> int:
    """ONRECORD_SERVE_THREADS: requests each worker process serves at once (gthread)."""
    threads = env_int("ONRECORD_SERVE_THREADS", 8)
    if not 1 <= threads <= 256:
        raise ConfigError(f"ONRECORD_SERVE_THREADS must be between 1 and 256, not {threads}")
    return threads


def serve_timeout() -> int:
    """ONRECORD_SERVE_TIMEOUT: seconds a silent worker process lives before the master replaces
    it (with gthread a hung process, never a slow request; with sync, any request)."""
    seconds = env_int("ONRECORD_SERVE_TIMEOUT", 120)
    if not 2 <= seconds <= 24 * 60 * 60:
        raise ConfigError(f"ONRECORD_SERVE_TIMEOUT must be between 2 and 86400, not {seconds}")
    return seconds


EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}


def email_backend() -> str:
    """ONRECORD_EMAIL_BACKEND: `smtp`, `file`, or a backend's dotted path. Default: the file
    backend (mail written under the data directory) for the embedded single node; SMTP
    (ONRECORD_EMAIL_HOST, default localhost) when DATABASE_URL makes this one node of many,
    where a file on whichever node sent it would reach nobody (issue 15)."""
    raw = (os.environ.get("ONRECORD_EMAIL_BACKEND") or "").strip()
    if not raw:
        return EMAIL_BACKENDS["smtp" if shared_database() else "file"]
    backend = EMAIL_BACKENDS.get(raw.lower(), raw)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+", backend):
        raise ConfigError(
            f"ONRECORD_EMAIL_BACKEND must be smtp, file or a dotted path, not {raw!r}"
        )
    if backend == EMAIL_BACKENDS["file"] and shared_database():
        raise ConfigError(
            "ONRECORD_EMAIL_BACKEND=file keeps mail on one node's disk, and DATABASE_URL makes "
            "this node one of many: use smtp (ONRECORD_EMAIL_HOST) or GOV.UK Notify"
        )
    return backend


def email_port() -> int:
    port = env_int("ONRECORD_EMAIL_PORT", 25)
    if not 1 <= port <= 65535:
        raise ConfigError(f"ONRECORD_EMAIL_PORT must be between 1 and 65535, not {port}")
    return port


def email_password() -> str:
    """ONRECORD_EMAIL_PASSWORD, or its _FILE, or ONRECORD_SECRETS_DIR (secret_sources.py)."""
    try:
        secret = configured_secret("ONRECORD_EMAIL_PASSWORD")
    except KeyConfigError as exc:
        raise ConfigError(str(exc)) from exc
    return secret.value if secret else ""


# Single sign-on for staff (docs/DEPLOYMENT.md, "Single sign-on (OpenID Connect)"). The roles a
# claim may map to: staff and administrators only; family members and other agencies keep their
# own accounts. tests/accounts/sso/test_sso_claims.py checks these match accounts/roles.py.
SSO_ROLES = ("chair", "social_worker", "team_manager", "legal", "admin")
SSO_SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512")
_CLAIM_NAME = re.compile(r"[A-Za-z0-9_.:/-]{1,100}")
_AUTHORITY_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


def _oidc_pairs(
    name: str, *, check_value: re.Pattern[str] | None = None, allowed: tuple[str, ...] = ()
) -> tuple[tuple[str, str], ...]:
    """`claim-value=target,…` in the order written (the first pair that matches wins)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        raise ConfigError(f"ONRECORD_OIDC_ISSUER is set, so {name} is required (value=target,…)")
    pairs: list[tuple[str, str]] = []
    for item in raw.split(","):
        value, sep, target = (part.strip() for part in item.partition("="))
        if not sep or not value or not target:
            raise ConfigError(
                f"{name}: each entry must be claim-value=target, not {item.strip()!r}"
            )
        if allowed and target not in allowed:
            raise ConfigError(
                f"{name}: {target!r} is not a role single sign-on may give "
                f"(one of {', '.join(allowed)}; family members and other agencies keep their "
                "own accounts)"
            )
        if check_value is not None and not check_value.fullmatch(target):
            raise ConfigError(f"{name}: {target!r} is not an authority's short name (slug)")
        if any(value == seen for seen, _ in pairs):
            raise ConfigError(f"{name}: {value!r} is listed twice")
        pairs.append((value, target))
    return tuple(pairs)


def _oidc_claim_name(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip() or default
    if not _CLAIM_NAME.fullmatch(value):
        raise ConfigError(
            f"{name} must be a claim name (letters, digits, . _ : / -), not {value!r}"
        )
    return value


def oidc(*, debug: bool) -> dict[str, object] | None:
    """Single sign-on for staff through an OpenID provider, or None when ONRECORD_OIDC_ISSUER is
    unset. Every variable is checked here, at start-up, so a typo stops the service with the
    variable named rather than refusing every member of staff at nine on a Monday. The client
    secret is never echoed back."""
    issuer = os.environ.get("ONRECORD_OIDC_ISSUER", "").strip()
    if not issuer:
        return None
    try:
        parts = urlsplit(issuer)
        _ = parts.port
    except ValueError as exc:
        raise ConfigError(f"ONRECORD_OIDC_ISSUER is not a valid URL: {issuer!r}") from exc
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(
            f"ONRECORD_OIDC_ISSUER must be the provider's https:// issuer address, not {issuer!r}"
        )
    if parts.scheme != "https" and not debug and parts.hostname not in LOOPBACK_HOSTS:
        raise ConfigError(f"ONRECORD_OIDC_ISSUER must start https://, not {issuer!r}")
    client_id = os.environ.get("ONRECORD_OIDC_CLIENT_ID", "").strip()
    if not client_id:
        raise ConfigError("ONRECORD_OIDC_ISSUER is set, so ONRECORD_OIDC_CLIENT_ID is required")
    try:
        secret = configured_secret("ONRECORD_OIDC_CLIENT_SECRET")
    except KeyConfigError as exc:
        raise ConfigError(str(exc)) from exc
    if secret is None or len(secret.value) < 16:
        raise ConfigError(
            "ONRECORD_OIDC_CLIENT_SECRET (or its _FILE) is required with ONRECORD_OIDC_ISSUER "
            "and must be at least 16 characters"
        )
    algorithm = os.environ.get("ONRECORD_OIDC_SIGNING_ALGORITHM", "").strip() or "RS256"
    if algorithm not in SSO_SIGNING_ALGORITHMS:
        raise ConfigError(
            "ONRECORD_OIDC_SIGNING_ALGORITHM must be one of "
            f"{', '.join(SSO_SIGNING_ALGORITHMS)}, not {algorithm!r}"
        )
    scopes = os.environ.get("ONRECORD_OIDC_SCOPES", "").strip() or "openid email profile"
    if "openid" not in scopes.split():
        raise ConfigError(f"ONRECORD_OIDC_SCOPES must include openid, not {scopes!r}")
    groups_claim = _oidc_claim_name("ONRECORD_OIDC_GROUPS_CLAIM", "groups")
    allowed_groups = env_list("ONRECORD_OIDC_ALLOWED_GROUPS", [])
    if not allowed_groups:
        raise ConfigError(
            "ONRECORD_OIDC_ISSUER is set, so ONRECORD_OIDC_ALLOWED_GROUPS is required: the groups "
            "whose members may sign in (comma-separated; nobody else is let in)"
        )
    return {
        "issuer": issuer,  # exactly as the provider writes it in every token (`iss`)
        "client_id": client_id,
        "client_secret": secret.value,
        "signing_algorithm": algorithm,
        "scopes": " ".join(scopes.split()),
        "groups_claim": groups_claim,
        "allowed_groups": tuple(allowed_groups),
        "role_claim": _oidc_claim_name("ONRECORD_OIDC_ROLE_CLAIM", groups_claim),
        "role_map": _oidc_pairs("ONRECORD_OIDC_ROLE_MAP", allowed=SSO_ROLES),
        "authority_claim": _oidc_claim_name("ONRECORD_OIDC_AUTHORITY_CLAIM", groups_claim),
        "authority_map": _oidc_pairs("ONRECORD_OIDC_AUTHORITY_MAP", check_value=_AUTHORITY_SLUG),
        "recheck_minutes": env_range("ONRECORD_OIDC_RECHECK_MINUTES", 15, 1, 24 * 60),
    }
