#!/usr/bin/env bash
# Create .venv and install Pantau (with test tools when called with --test). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e ".[test]" 2>&1 | grep -v "is ignored: it is neither\|BuildBackendWarning\|config = read_configuration" || true
else
  .venv/bin/python -m pip install -q -e . 2>&1 | grep -v "is ignored: it is neither\|BuildBackendWarning\|config = read_configuration" || true
fi
.venv/bin/python -c "import pantau, django" # fail loudly if the install did not work
