"""The budget of the fuzz tests (hypothesis property tests of the parsers that take outside
input: scenario JSON, HTTP Range, the recorder's JSON and chunk numbers).

In CI and by default each property tries `ONRECORD_FUZZ_EXAMPLES` inputs (200), with no deadline
(a shared CI machine is slow at times) and, under CI=true, derandomised, so a red run is
reproducible from the log. For a longer hunt, locally:

    ONRECORD_FUZZ_EXAMPLES=20000 PYTHONPATH=$PWD .venv/bin/pytest -q -p no:cacheprovider \
        -k fuzz tests/vault tests/policy tests/vault/live

which explores new random inputs on every run (CI unset). Every crash found becomes an
`@example(...)` or a regression test beside the property (docs/SECURITY.md, "Bad input").
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("ONRECORD_FUZZ_EXAMPLES", "200"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=IN_CI,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""Decorate a @given property with this: the suite's fuzzing budget."""

FUZZ_HTTP = settings(FUZZ, max_examples=max(1, EXAMPLES // 4))
"""For properties that go through Django's test client and the database (each example is a
request): a quarter of the budget, so the suite's fuzzing stays within seconds in CI."""
