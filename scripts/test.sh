#!/usr/bin/env bash
# Install everything and run the whole suite: lint, import contracts, tests on SQLite and on PostgreSQL.
# PostgreSQL: DATABASE_URL if set, else the local server (postgres@127.0.0.1:5432); skipped only if none answers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --test
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "== installing Debian chromium for browser tests"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed: browser tests will be skipped"
fi
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff"; ruff check src tests bench
echo "== import contracts"; lint-imports
PYTEST_ARGS=("$@")

echo "== tests on SQLite"
env -u DATABASE_URL pytest "${PYTEST_ARGS[@]}"

PG_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/pantau}
if python - "$PG_URL" <<'PY'
import sys, psycopg
url = sys.argv[1]
try:
    psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable ({exc})"); sys.exit(1)
PY
then
  echo "== tests on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" pytest "${PYTEST_ARGS[@]}"
else
  echo "== PostgreSQL unavailable: PostgreSQL run skipped"
  [ "${CI:-}" = "true" ] && exit 1
fi
