"""Hooks for the whole suite, and the shared fixtures of tests/support made visible to every
test (the personas' `world`, the conference `recording`): see tests/support/personas.py."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from pytest_django import DjangoDbBlocker

from tests.support.network import forbid_network
from tests.support.parent_copies import mothers_recording
from tests.support.personas import build_world, world, world_is_built
from tests.support.recordings import recording

__all__ = ["mothers_recording", "recording", "world"]  # fixtures, found by pytest in this module


def pytest_configure(config: pytest.Config) -> None:
    forbid_network()


# Fixtures through which a test reaches the database (pytest-django's, and so every fixture
# built on them, such as `world`).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "live_server"}
)


def runs_on_postgresql_pass(item: pytest.Item) -> bool:
    """Whether the PostgreSQL pass (ONRECORD_TESTS_DATABASE_ONLY=1) runs this test: one that
    touches the database, unless it is a browser test not marked `browser_on_postgresql`.

    A browser test checks what people see and do in the pages; the views and services behind
    them have their own tests, and those run on both databases. So browser tests run once, on
    the SQLite pass, except those marked `browser_on_postgresql`: journeys whose page sends
    requests that are in the server at the same time (the council's recorder sending its chunks
    while the meeting screen's presses are posted), where PostgreSQL's locks, not SQLite's one
    writer, decide the order. A page that sends one request after another (the recorder alone,
    a resumed upload: the tests' dropped requests never reach the server) is not one of them."""
    if item.get_closest_marker("browser") and not item.get_closest_marker("browser_on_postgresql"):
        return False
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(fixtures & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ONRECORD_TESTS_DATABASE_ONLY=1 (scripts/test.sh's PostgreSQL pass), keep only the
    tests that touch the database (see `runs_on_postgresql_pass`): the rest (the policy engine,
    speech, crypto, pure rules, the pages in a browser) ran on the first pass and cannot behave
    differently on another database."""
    if os.environ.get("ONRECORD_TESTS_DATABASE_ONLY") != "1":
        return
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        (keep if runs_on_postgresql_pass(item) else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


TRANSACTIONAL_FIXTURES = frozenset({"transactional_db", "django_db_reset_sequences", "live_server"})


def _is_transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool(set(getattr(item, "fixturenames", ())) & TRANSACTIONAL_FIXTURES)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """The personas' world, built once in the new test database: tests that only read it (and
    roll back what they change) no longer build it each."""
    with django_db_blocker.unblock():
        build_world()


@pytest.fixture(autouse=True)
def _each_test_starts_in_english() -> Iterator[None]:
    """The test client leaves the last request's language active in the thread (a Welsh page
    leaves Welsh): each test starts, and ends, in the service's default language, as each
    request and each background job does (docs/LANGUAGES.md)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test has its own directory of audit checkpoints (commands it runs too): a checkpoint
    written by one test's trail must not be held against the next test's, rolled-back trail."""
    where = tmp_path_factory.mktemp("audit-checkpoints")
    monkeypatch.setenv("ONRECORD_AUDIT_CHECKPOINTS", str(where))
    monkeypatch.delenv("ONRECORD_AUDIT_WITNESS", raising=False)
    from django.conf import settings

    monkeypatch.setattr(settings, "ONRECORD_AUDIT_CHECKPOINTS", where)
    monkeypatch.setattr(settings, "ONRECORD_AUDIT_WITNESS", "")


@pytest.fixture(autouse=True)
def _transactional_tests_start_empty(
    request: pytest.FixtureRequest, django_db_blocker: DjangoDbBlocker
) -> None:
    """A transactional test commits, and its tables are flushed afterwards; it starts from an
    empty database as it always has, so the session's world is flushed before the first one
    (pytest-django runs them after the others). Its `world` fixture builds the world again."""
    if _is_transactional(request.node):
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            if world_is_built():
                call_command("flush", interactive=False, verbosity=0)
