"""Fixtures for monitoring tests: a deterministic stand-in analyser so queue tests do not depend on the
detection model's thresholds (the real engine is exercised in test_real_detection when it is installed)."""

from __future__ import annotations

import re

import pytest

from pantau.monitoring import adapters, pipeline

RULES = {
    "politik_uang": re.compile(r"amplop|serangan fajar|uang transport|\b\d+\s?(rb|ribu)\b", re.I),
    "kampanye_hitam": re.compile(r"hoaks|fitnah|antek asing|ijazah palsu", re.I),
    "hasutan": re.compile(r"bakar|serbu|habisi", re.I),
}


def fake_analyse(text: str, context: dict) -> dict:
    labels, scores, evidence = [], {}, []
    for label, rx in RULES.items():
        for m in rx.finditer(text):
            evidence.append({"label": label, "start": m.start(), "end": m.end(), "text": m.group(0)})
        if rx.search(text):
            labels.append(label)
            scores[label] = 0.9
    regions = ["15.01"] if "kerinci" in text.lower() else (["15.71"] if "kota jambi" in text.lower() else [])
    return {"labels": labels, "scores": scores, "evidence": evidence, "regions": regions,
            "election_related": bool(labels)}


@pytest.fixture(autouse=True)
def _fake_analyser():
    adapters.set_analyser(fake_analyse)
    pipeline.reset_group_index()
    pipeline._region_cache.clear()
    yield
    adapters.set_analyser(None)
    pipeline.reset_group_index()


def jsonl(rows: list[dict]) -> bytes:
    import json

    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()
