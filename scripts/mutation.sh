#!/usr/bin/env bash
# Mutation check of the trust-critical modules (docs/MUTATION.md): mutmut per group, a summary
# per module, exit 1 if a surviving mutant has neither a test nor a reviewed reason.
#   scripts/mutation.sh [GROUP...] | --list | --report | --show MUTANT
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python scripts/mutation.py "$@"
