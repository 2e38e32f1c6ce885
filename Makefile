.PHONY: run test test-fast mutation install install-test lint

# Install everything, migrate, load the demo data and serve on http://127.0.0.1:8000
run: install
	.venv/bin/onrecord serve

# Install everything (with test tools and Chromium) and run the whole suite on SQLite and PostgreSQL
test: install-test
	scripts/test.sh

# While working: ruff, then every test not marked slow or browser, on SQLite (not a replacement
# for make test, which runs everything on both databases)
test-fast: install-test
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	env -u DATABASE_URL .venv/bin/pytest -p no:cacheprovider -q -m "not slow and not browser"

# Mutation check of the trust-critical modules, group by group (docs/MUTATION.md; minutes, not in
# CI): make mutation, or make mutation GROUPS="vault-crypto policy-engine"
mutation: install-test
	scripts/mutation.sh $(GROUPS)

install:
	scripts/setup.sh

install-test:
	scripts/setup.sh --test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy onrecord tests bench && .venv/bin/lint-imports
