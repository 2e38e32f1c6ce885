"""Django settings for OnRecord, all from the environment (see onrecord/config.py and README).

Embedded defaults: SQLite file and files on local disk under ONRECORD_DATA_DIR (./var).
Set DATABASE_URL (postgresql://...) to use PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url

from onrecord import config

BASE_DIR = config.PROJECT_ROOT
DATA_DIR = config.data_dir()

DEBUG = config.env_bool("ONRECORD_DEBUG", default=False)
# On a shared database (PostgreSQL) a node never makes its own key (issue 15; docs/DEPLOYMENT.md).
SECRET_KEY = config.secret_key(DATA_DIR, may_generate=not config.shared_database())
ALLOWED_HOSTS = config.env_list("ONRECORD_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = config.env_list("ONRECORD_CSRF_TRUSTED_ORIGINS", [])
HTTPS = config.env_bool("ONRECORD_HTTPS", default=False)
# How many reverse proxies in front of the app add to X-Forwarded-For (for audited addresses).
ONRECORD_TRUSTED_PROXIES = config.env_int("ONRECORD_TRUSTED_PROXIES", 0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "onrecord.accounts",
    "onrecord.audit",
    "onrecord.cases",
    "onrecord.recording_requests",
    "onrecord.incidents",
    "onrecord.reports",
    "onrecord.jobs",
    "onrecord.vault",
    "onrecord.meetings",
    "onrecord.minutes",
    "onrecord.transcripts",
    "onrecord.disclosure",
    "onrecord.family_record",
    "onrecord.retention",
    "onrecord.web",
    "onrecord.webhooks",
    "onrecord.api",
    "onrecord.ops",
    "onrecord.key_fingerprints",
    "onrecord.policy_versions",
    "onrecord.policy_owner",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id; the timing covers the rest.
    "onrecord.ops.request_ids.RequestIdMiddleware",
    "onrecord.ops.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "onrecord.web.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order): the language chosen with the
    # switcher (its cookie), else the browser's; docs/LANGUAGES.md.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff pages and the API stay in English (docs/LANGUAGES.md): needs the user.
    "onrecord.accounts.language.StaffInEnglishMiddleware",
    # request.user.is_verified(): has this session passed the second step (django-otp)?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # request.htmx: meeting mode answers htmx's requests with the screen alone.
    "django_htmx.middleware.HtmxMiddleware",
    "onrecord.audit.middleware.AuditContextMiddleware",
    # After the audit context, so a sign-out for inactivity is recorded against the person.
    "onrecord.accounts.middleware.IdleTimeoutMiddleware",
    # Single sign-on sessions re-checked with the provider every ONRECORD_OIDC_RECHECK_MINUTES.
    "onrecord.accounts.sso_session.SsoSessionRecheck",
    # Staff who have not passed the second step reach only the two-step pages.
    "onrecord.accounts.middleware.TwoStepRequiredMiddleware",
    # Last, so it sees a locked-out sign-in after authentication has run.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "onrecord.urls"
WSGI_APPLICATION = "onrecord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "onrecord" / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "onrecord.web.context_processors.service",
                "onrecord.accounts.context_processors.idle_timeout",
                "onrecord.accounts.context_processors.single_sign_on",
            ],
        },
    },
]


def _databases() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        db = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if db["ENGINE"] != "django.db.backends.postgresql":
            raise config.ConfigError("DATABASE_URL must be a postgresql:// URL")
        db["ATOMIC_REQUESTS"] = True
        return {"default": db}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "onrecord.sqlite3",
            "ATOMIC_REQUESTS": True,
            "OPTIONS": {
                # IMMEDIATE: a transaction takes the write lock when it starts, so two writers
                # queue instead of failing half-way (the audit chain relies on this ordering).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Single sign-on for staff through the council's OpenID provider (accounts/sso.py; docs/
# DEPLOYMENT.md "Single sign-on (OpenID Connect)"): None unless ONRECORD_OIDC_ISSUER is set.
ONRECORD_OIDC = config.oidc(debug=DEBUG)
if ONRECORD_OIDC is not None:
    AUTHENTICATION_BACKENDS.append("onrecord.accounts.sso.SsoBackend")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes): lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = config.env_int("ONRECORD_LOGIN_FAILURE_LIMIT", 5)
# Inactivity limits (accounts/idle_timeout.py; ASVS 5.0 V7.3.1), in minutes.
ONRECORD_IDLE_TIMEOUT_STAFF_MINUTES = config.env_int("ONRECORD_IDLE_TIMEOUT_STAFF_MINUTES", 30)
ONRECORD_IDLE_TIMEOUT_OTHERS_MINUTES = config.env_int("ONRECORD_IDLE_TIMEOUT_OTHERS_MINUTES", 60)
ONRECORD_IDLE_WARNING_MINUTES = config.env_int("ONRECORD_IDLE_WARNING_MINUTES", 2)
# Two-step verification for staff and administrators (accounts/two_step.py; docs/SECURITY.md).
ONRECORD_TWO_STEP_REQUIRED = config.env_bool("ONRECORD_TWO_STEP_REQUIRED", True)
OTP_TOTP_ISSUER = "OnRecord"  # the name shown beside the code in the authenticator app
OTP_TOTP_THROTTLE_FACTOR = 1
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Keyed on the client's real address behind ONRECORD_TRUSTED_PROXIES, the one the audit trail
# records: keyed on the proxy's, anyone could lock any named user out (issue 16, failure 8).
AXES_CLIENT_IP_CALLABLE = "onrecord.audit.middleware.client_ip"

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "onrecord.web.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = config.env_bool("ONRECORD_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Probes from the orchestrator speak plain HTTP to the node (docs/DEPLOYMENT.md).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# Uploads never touch the disk in the clear (docs/VAULT.md, "Nothing in clear"): a request up to
# FILE_UPLOAD_MAX_MEMORY_SIZE is held in memory; anything bigger is encrypted piece by piece as
# it arrives into a nameless scratch file whose key exists only in memory
# (onrecord/vault/uploads.py). Django's TemporaryFileUploadHandler, which wrote plain audio to
# FILE_UPLOAD_TEMP_DIR, is deliberately absent. The directory stays private (0700) and holds the
# scratch files and the live recorder's encrypted spools; `onrecord vault sweep` and start-up
# remove anything else found there.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "onrecord.vault.uploads.EncryptedUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = str(config.private_dir(DATA_DIR / "upload-spool"))
FILE_UPLOAD_PERMISSIONS = 0o600

LANGUAGE_CODE = "en-gb"
# The family's pages in English and Welsh (docs/LANGUAGES.md: how a council adds another).
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "onrecord" / "locale"]
# The switcher's choice, kept for a year; sent only over HTTPS when the service is.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "onrecord" / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "ONRECORD_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"

# Mail (issue 15): the file backend only for the embedded single node; SMTP by default, and
# the file backend refused, when DATABASE_URL makes this node one of many (config.py).
EMAIL_BACKEND = config.email_backend()
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("ONRECORD_EMAIL_HOST", "").strip() or "localhost"
EMAIL_PORT = config.email_port()
EMAIL_HOST_USER = os.environ.get("ONRECORD_EMAIL_USER", "").strip()
EMAIL_HOST_PASSWORD = config.email_password()
EMAIL_USE_TLS = config.env_bool("ONRECORD_EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = config.env_bool("ONRECORD_EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise config.ConfigError("set ONRECORD_EMAIL_USE_TLS or ONRECORD_EMAIL_USE_SSL, not both")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("ONRECORD_FROM_EMAIL", "onrecord@localhost")

# No secret in a log line (onrecord/audit/redaction.py): the filter rewrites each record on the
# loggers that write request paths (a filter on a logger sees only records logged to it, not its
# children's, so each is named) and on every handler, before it is formatted or emailed. Error
# emails (to ADMINS, when set) redact their URL and hide variables named like secrets. gunicorn's
# own loggers are left alone here (naming them would drop their handlers): `onrecord serve`'s
# logger class redacts them (onrecord/commands/gunicorn_logging.py).
_REDACT = ["redact_secrets"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_secrets": {"()": "onrecord.audit.redaction.RedactSecrets"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        # ONRECORD_LOG_FORMAT=json (default): one JSON object a line, with the request id.
        "json": {"()": "onrecord.ops.json_logs.OnRecordJsonFormatter"},
        "text": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": _REDACT,
            "formatter": config.log_format(),
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": _REDACT,
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", *_REDACT],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ONRECORD_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING", "filters": _REDACT},
        "django": {"handlers": ["console", "mail_admins"], "propagate": False, "filters": _REDACT},
        "django.request": {"filters": _REDACT},
        "django.server": {"handlers": ["django.server"], "propagate": False, "filters": _REDACT},
        "django.security": {"filters": _REDACT},
    },
}
DEFAULT_EXCEPTION_REPORTER = "onrecord.audit.redaction.RedactingExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "onrecord.audit.redaction.RedactingReporterFilter"

# The recording vault (docs/VAULT.md): the largest upload accepted, in bytes (default 4 GiB).
# Its key-encryption keys: ONRECORD_VAULT_KEYS or DATA_DIR/vault_keys (onrecord/vault/keys.py).
ONRECORD_VAULT_MAX_BYTES = config.env_int("ONRECORD_VAULT_MAX_BYTES", 4 * 1024**3)
# Where the encrypted blobs live: files under DATA_DIR/vault, or an S3-compatible bucket.
ONRECORD_VAULT_STORAGE = config.vault_storage()
# The retention schedule (docs/RETENTION.md): a JSON or YAML file; empty = the built-in defaults.
ONRECORD_RETENTION_SCHEDULE = os.environ.get("ONRECORD_RETENTION_SCHEDULE", "")

# Signed checkpoints of the audit trail (docs/AUDIT.md): written hourly and on every bundle
# export, outside the database. The directory (default DATA_DIR/audit-checkpoints, 0700, files
# 0600, write-once); the log's name in each checkpoint; an optional witness file on other
# storage (another disk, a mounted share, a WORM bucket) that each checkpoint is appended to.
ONRECORD_AUDIT_CHECKPOINTS = Path(
    os.environ.get("ONRECORD_AUDIT_CHECKPOINTS") or DATA_DIR / "audit-checkpoints"
)
ONRECORD_AUDIT_ORIGIN = os.environ.get("ONRECORD_AUDIT_ORIGIN", "").strip() or "onrecord/audit"
ONRECORD_AUDIT_WITNESS = os.environ.get("ONRECORD_AUDIT_WITNESS", "").strip()

ONRECORD_SERVICE_NAME = "OnRecord"
# The address people reach the service at, for every link in an email (checked at start-up:
# https unless DEBUG or a loopback host). How messages go: Django's email backend or GOV.UK Notify.
ONRECORD_BASE_URL = config.base_url(debug=DEBUG)
ONRECORD_NOTIFICATIONS = config.notifications()

# Speech-to-text (docs/TRANSCRIPTS.md, onrecord/speech): the packaged Whisper model transcripts
# are made with, "base" or "tiny.en" (or the absolute path of a CTranslate2 model directory).
ONRECORD_SPEECH_MODEL = os.environ.get("ONRECORD_SPEECH_MODEL", "base")
# Seconds of audio per checkpoint window: a killed worker loses at most one (docs/TRANSCRIPTS.md).
ONRECORD_SPEECH_WINDOW_SECONDS = config.env_int("ONRECORD_SPEECH_WINDOW_SECONDS", 120)

# The browser's own recorder (docs/VAULT.md; onrecord/vault/live): the largest piece accepted,
# and after how many hours an interrupted recording is finished from what arrived.
ONRECORD_LIVE_CHUNK_MAX_BYTES = config.env_range(
    "ONRECORD_LIVE_CHUNK_MAX_BYTES", 8 * 1024**2, 1024, 64 * 1024**2
)
ONRECORD_LIVE_ABANDON_HOURS = config.env_range("ONRECORD_LIVE_ABANDON_HOURS", 6, 1, 7 * 24)

# Background jobs (docs/JOBS.md): the database is the queue; with a broker URL set, Celery
# workers scale it out. Unset: the embedded worker beside the web server runs every job.
ONRECORD_JOBS_BROKER = config.jobs_broker()
ONRECORD_JOBS_QUEUE = config.jobs_queue()
ONRECORD_JOBS_LEASE_SECONDS = config.jobs_lease_seconds()

# Operations (docs/DEPLOYMENT.md, "Operations"): who may read /metrics. A bearer token and/or
# the networks the scraper calls from; with neither, /metrics answers 404.
ONRECORD_METRICS_TOKEN = os.environ.get("ONRECORD_METRICS_TOKEN", "").strip()
ONRECORD_METRICS_ALLOWED_NETWORKS = config.metrics_networks()

# Webhooks (docs/INTEGRATION.md, "Events"): delivery attempts before giving up, the first
# retry's delay (doubled each time, at most 6 hours), the time allowed per attempt, and whether
# a subscriber may be a plain http:// URL (only for a test receiver on a private network).
ONRECORD_WEBHOOK_MAX_ATTEMPTS = config.bounded_int("ONRECORD_WEBHOOK_MAX_ATTEMPTS", 10, 1, 100)
ONRECORD_WEBHOOK_RETRY_SECONDS = config.bounded_int("ONRECORD_WEBHOOK_RETRY_SECONDS", 30, 1, 3600)
ONRECORD_WEBHOOK_TIMEOUT_SECONDS = config.bounded_int("ONRECORD_WEBHOOK_TIMEOUT_SECONDS", 10, 1, 60)
ONRECORD_WEBHOOK_ALLOW_HTTP = config.env_bool("ONRECORD_WEBHOOK_ALLOW_HTTP", default=False)

# `onrecord serve` (docs/DEPLOYMENT.md, "Long uploads and the worker timeout"): gunicorn's worker
# class (gthread: no request is cut off by the timeout), threads per worker, and the seconds a
# silent worker process lives. And how often each web node sweeps its own disk (issue 15).
ONRECORD_SERVE_WORKER_CLASS = config.serve_worker_class()
ONRECORD_SERVE_THREADS = config.serve_threads()
ONRECORD_SERVE_TIMEOUT = config.serve_timeout()
ONRECORD_NODE_SWEEP_SECONDS = config.env_int("ONRECORD_NODE_SWEEP_SECONDS", 15 * 60)
if not 1 <= ONRECORD_NODE_SWEEP_SECONDS <= 24 * 60 * 60:
    raise config.ConfigError(
        "ONRECORD_NODE_SWEEP_SECONDS must be between 1 and 86400, "
        f"not {ONRECORD_NODE_SWEEP_SECONDS}"
    )
