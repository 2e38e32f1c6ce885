"""/healthz, /readyz and /metrics: for the load balancer, the orchestrator and Prometheus.

None of them shows case data or needs a signed-in user. /metrics is for the scraper only:
ONRECORD_METRICS_TOKEN (a bearer token) and/or ONRECORD_METRICS_ALLOWED_NETWORKS (addresses or
CIDR ranges, matched against the client address the audit trail records); with neither set it
answers 404. See docs/DEPLOYMENT.md, "Operations".
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from onrecord.audit.middleware import client_ip
from onrecord.ops import metrics, readiness


# Outside ATOMIC_REQUESTS' transaction: starting one needs the database, and these must answer
# (healthz: 200; readyz: 503 naming it) when the database is down.
@transaction.non_atomic_requests
@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answering. Touches nothing else (a database outage must not make
    the orchestrator restart every web node)."""
    return JsonResponse({"status": "ok"})


@transaction.non_atomic_requests
@never_cache
@require_safe
def readyz(request: HttpRequest) -> HttpResponse:
    checks = readiness.run_checks()
    failed = [check.name for check in checks if not check.ok]
    body = {
        "status": "unavailable" if failed else "ready",
        "failed": failed,
        "checks": {c.name: ("ok" if c.ok else f"failed: {c.detail}") for c in checks},
    }
    return JsonResponse(body, status=503 if failed else 200)


def scraper_allowed(request: HttpRequest) -> bool | None:
    """True for the scraper, False for anyone else, None when metrics are switched off."""
    token: str = getattr(settings, "ONRECORD_METRICS_TOKEN", "")
    networks: list[str] = getattr(settings, "ONRECORD_METRICS_ALLOWED_NETWORKS", [])
    if not token and not networks:
        return None
    if token:
        given = str(request.META.get("HTTP_AUTHORIZATION", ""))
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return False
    if networks:
        try:
            address = ipaddress.ip_address(client_ip(request))
        except ValueError:
            return False
        if not any(address in ipaddress.ip_network(net, strict=False) for net in networks):
            return False
    return True


@transaction.non_atomic_requests
@never_cache
@require_safe
def metrics_view(request: HttpRequest) -> HttpResponse:
    allowed = scraper_allowed(request)
    if allowed is None:
        return HttpResponse("Metrics are switched off.\n", status=404, content_type="text/plain")
    if not allowed:
        response = HttpResponse("Not the scraper.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
