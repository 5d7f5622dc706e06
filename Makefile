.PHONY: demo test lint migrate worker beat bench
demo:    ; bash scripts/demo.sh
test:    ; bash scripts/test.sh
lint:    ; .venv/bin/ruff check src tests bench && .venv/bin/lint-imports
migrate: ; .venv/bin/pantau migrate
worker:  ; .venv/bin/celery -A pantau worker -Q celery,fetch,extract,classify,persist -l info
beat:    ; .venv/bin/celery -A pantau beat -l info
bench:   ; for f in bench/*.py; do .venv/bin/python $$f; done
