"""Single sign-on for staff: OpenID Connect authorization code flow with PKCE, through
mozilla-django-oidc, against the council's identity provider (docs/DEPLOYMENT.md, "Single
sign-on (OpenID Connect)").

The library does the protocol (state, nonce, PKCE, the code exchange); this module gives it
its settings from ONRECORD_OIDC_* (onrecord/config.py) and the provider's discovery document,
and makes its ID token check strict: the library checks the signature, expiry and nonce but
neither issuer nor audience, so the whole check (OIDC Core §3.1.3.7: algorithm, signature,
issuer, audience and `azp`, expiry, issue time, nonce) is made here, each failure refused with
its own reason for the audit trail. Single sign-on never makes anyone Django staff or
superuser. MFA is the provider's job: a session signed in here does not meet the local two-step
check (accounts/middleware.py).
"""

from __future__ import annotations

from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from onrecord.accounts.models import User
from onrecord.accounts.sso_claims import ClaimRules
from onrecord.accounts.sso_discovery import provider_metadata
from onrecord.accounts.sso_provisioning import SsoRefused, admit

SSO_BACKEND = "onrecord.accounts.sso.SsoBackend"
# Seconds of clock difference tolerated between this server and the provider.
CLOCK_LEEWAY_SECONDS = 60
# Protocol claims the ID token is the authority for; userinfo never overrides them.
PROTOCOL_CLAIMS = frozenset({"iss", "sub", "aud", "azp", "exp", "iat", "nbf", "nonce", "auth_time"})

_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_END_SESSION_ENDPOINT": "end_session_endpoint",
}


def sso_config() -> dict[str, Any] | None:
    """The checked ONRECORD_OIDC_* settings, or None when single sign-on is off."""
    value = getattr(settings, "ONRECORD_OIDC", None)
    return value if isinstance(value, dict) else None


def sso_enabled() -> bool:
    return sso_config() is not None


def claim_rules() -> ClaimRules:
    config = sso_config()
    assert config is not None
    return ClaimRules.from_settings(config)


def sso_setting(attr: str, *default: Any) -> Any:
    """What mozilla-django-oidc asks for by its own setting names, from ONRECORD_OIDC_* and the
    provider's discovery document (read when first needed, never at start-up)."""
    config = sso_config()
    if config is None:
        raise SsoRefused("sso_not_configured")
    if attr in _DISCOVERED:
        metadata = provider_metadata(config["issuer"], config["signing_algorithm"])
        return metadata.get(_DISCOVERED[attr])
    fixed: dict[str, Any] = {
        "OIDC_RP_CLIENT_ID": config["client_id"],
        "OIDC_RP_CLIENT_SECRET": config["client_secret"],
        "OIDC_RP_SIGN_ALGO": config["signing_algorithm"],
        "OIDC_RP_SCOPES": config["scopes"],
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_USE_NONCE": True,
        "OIDC_STORE_ID_TOKEN": True,  # the hint that ends the provider's session at sign-out
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS": config["recheck_minutes"] * 60,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc_authentication_callback",
        "OIDC_TOKEN_USE_BASIC_AUTH": False,
        "OIDC_TIMEOUT": 10,
        "OIDC_VERIFY_SSL": True,
        "OIDC_CREATE_USER": True,
        "OIDC_EXEMPT_URLS": [],
        "LOGIN_REDIRECT_URL_FAILURE": reverse("login"),
        "LOGIN_REDIRECT_URL": reverse(settings.LOGIN_REDIRECT_URL),
    }
    if attr in fixed:
        return fixed[attr]
    return getattr(settings, attr, *default)


def signed_in_with_sso(request: HttpRequest) -> bool:
    """Did this session sign in through the identity provider (rather than a password)?"""
    session = getattr(request, "session", None)
    return session is not None and session.get(BACKEND_SESSION_KEY) == SSO_BACKEND


def decode_signed(
    token: str, key: Any, config: dict[str, Any], *, required: list[str], kind: str
) -> dict[str, Any]:
    """A token from the provider (an ID token at sign-in, a logout token from its back channel)
    checked against its key, audience, issuer, times and `required` claims, or SsoRefused with
    the reason; `kind` names the token in the catch-all reason."""
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[config["signing_algorithm"]],
            audience=config["client_id"],
            issuer=config["issuer"],
            leeway=CLOCK_LEEWAY_SECONDS,
            options={"require": required},
        )
    except jwt.InvalidSignatureError as exc:
        raise SsoRefused("bad_signature") from exc
    except jwt.ExpiredSignatureError as exc:
        raise SsoRefused("expired_token") from exc
    except jwt.InvalidAudienceError as exc:
        raise SsoRefused("wrong_audience") from exc
    except jwt.InvalidIssuerError as exc:
        raise SsoRefused("wrong_issuer") from exc
    except jwt.ImmatureSignatureError as exc:
        raise SsoRefused("token_not_yet_valid") from exc
    except jwt.MissingRequiredClaimError as exc:
        raise SsoRefused("missing_claim", detail={"claim": exc.claim}) from exc
    except jwt.InvalidTokenError as exc:
        raise SsoRefused(f"invalid_{kind}") from exc
    return claims


class SsoBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """mozilla-django-oidc's backend, reading its settings when it is used (Django builds every
    backend for every password sign-in too, which must not wait on the provider)."""

    get_settings = staticmethod(sso_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.UserModel = get_user_model()

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return str(sso_setting("OIDC_OP_TOKEN_ENDPOINT"))

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str | None:
        endpoint = sso_setting("OIDC_OP_USER_ENDPOINT")
        return endpoint if isinstance(endpoint, str) else None

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return str(sso_setting("OIDC_OP_JWKS_ENDPOINT"))

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:
        return str(sso_setting("OIDC_RP_CLIENT_ID"))

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:
        return str(sso_setting("OIDC_RP_CLIENT_SECRET"))

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:
        return str(sso_setting("OIDC_RP_SIGN_ALGO"))

    OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(
        self, request: HttpRequest | None, nonce: str | None, code_verifier: str | None
    ) -> User | None:
        """Only the callback view calls with exactly these (a password sign-in's username and
        password do not fit this signature, so Django never asks this backend about them)."""
        if request is None or not sso_enabled():
            return None
        user: User | None = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        return user

    def get_user(self, user_id: Any) -> User | None:
        """The session's user, if still active: a deprovisioned account's sessions end at their
        next request (the library's own get_user ignores is_active)."""
        if not sso_enabled():
            return None
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    def retrieve_matching_jwk(self, token: str) -> Any:
        """The provider's published key the token names, or SsoRefused: a token signed with a
        key the provider does not publish is refused here or at the signature check."""
        try:
            return super().retrieve_matching_jwk(token)
        except (SuspiciousOperation, KeyError, jwt.PyJWKError) as exc:
            raise SsoRefused("unknown_signing_key") from exc

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The ID token, checked in full (OpenID Connect Core §3.1.3.7), or SsoRefused."""
        config = sso_config()
        assert config is not None
        algorithm = config["signing_algorithm"]
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise SsoRefused("malformed_id_token") from exc
        if header.get("alg") != algorithm:
            raise SsoRefused("wrong_algorithm", detail={"alg": str(header.get("alg"))[:20]})
        key = self.retrieve_matching_jwk(token)
        payload = decode_signed(
            token, key, config, required=["iss", "sub", "aud", "exp", "iat"], kind="id_token"
        )
        audience = payload["aud"]
        if (
            isinstance(audience, list)
            and len(audience) > 1
            and payload.get("azp") != config["client_id"]
        ):
            raise SsoRefused("wrong_audience", detail={"azp": str(payload.get("azp"))[:100]})
        if payload.get("nonce") != kwargs.get("nonce"):
            raise SsoRefused("nonce_mismatch")
        return payload

    def get_userinfo(
        self, access_token: str | None, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The ID token's claims, with the userinfo endpoint's added where the provider has one
        (Entra ID puts groups in the ID token; other providers only in userinfo). Userinfo for
        another subject is refused (Core §5.3.2)."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            info = super().get_userinfo(access_token, id_token, payload)
            if not isinstance(info, dict) or info.get("sub") != payload.get("sub"):
                raise SsoRefused("userinfo_subject_mismatch")
            claims.update({k: v for k, v in info.items() if k not in PROTOCOL_CLAIMS})
        return claims

    def get_or_create_user(
        self, access_token: str | None, id_token: str, payload: dict[str, Any]
    ) -> User:
        claims = self.get_userinfo(access_token, id_token, payload)
        config = sso_config()
        assert config is not None
        user = admit(config["issuer"], claims, claim_rules())
        # Read by accounts/sso_views.py for the audit entry of the sign-in.
        self.request.onrecord_sso_claims = {
            "subject": payload["sub"],
            "issuer": config["issuer"],
        }
        # The provider's session id, remembered with this session for back-channel logout.
        sid = payload.get("sid")
        self.request.onrecord_sso_sid = sid if isinstance(sid, str) else None
        return user
