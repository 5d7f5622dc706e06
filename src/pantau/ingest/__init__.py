"""Ingestion library: platform-export importers, SSRF-safe fetching, feed and page extraction, WARC
evidence, near-duplicate grouping and priority scoring.

Pure Python: nothing here imports Django (an import-linter contract checks it). ``pantau.monitoring``
wraps these functions in models, Celery tasks and views. See docs/ingest.md.
"""

from pantau.ingest.items import RawItem, canonical_url, content_hash

__all__ = ["RawItem", "canonical_url", "content_hash"]
