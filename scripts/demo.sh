#!/usr/bin/env bash
# Install and run the demo on the embedded default: SQLite, no other services, http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/pantau demo "$@"
