"""Seeded, de-duplicated splits; the analyst-feedback format; evaluation on the shared datasets (skipped when
they are not present)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pantau.detection.training import build_corpus, dedup_key, evaluate_cases, kfold_groups, load_feedback

from ._synthetic import feedback_rows
from .conftest import needs_datasets


def test_dedup_key_ignores_mentions_urls_punctuation():
    assert dedup_key("@user @user halo , dunia ! url") == dedup_key("halo dunia")


def test_kfold_groups_keep_keys_together_and_are_seeded():
    keys = [f"k{i % 37}" for i in range(400)]
    strat = np.array([i % 2 for i in range(400)])
    folds = kfold_groups(keys, 5, seed=13, strat=strat)
    assert sorted(np.concatenate(folds).tolist()) == list(range(400))
    seen = {}
    for f, idx in enumerate(folds):
        for i in idx:
            assert seen.setdefault(keys[i], f) == f  # a key never spans two folds
    again = kfold_groups(keys, 5, seed=13, strat=strat)
    assert all(np.array_equal(a, b) for a, b in zip(folds, again, strict=True))
    other = kfold_groups(keys, 5, seed=14, strat=strat)
    assert not all(np.array_equal(a, b) for a, b in zip(folds, other, strict=True))


def test_feedback_format(tmp_path):
    p = tmp_path / "fb.jsonl"
    p.write_text("\n".join([
        json.dumps({"text": "amplop 50rb pilih nomor 2", "labels": {"politik_uang": 1, "sara": 0}, "source": "analyst"}),
        json.dumps({"text": "kades ajak pilih paslon 1", "labels": ["netralitas"], "negative_labels": ["sara"]}),
        "",
    ]), encoding="utf-8")
    rows = load_feedback(p)
    assert rows[0]["labels"] == {"politik_uang": 1, "sara": 0}
    assert rows[1]["labels"] == {"netralitas": 1, "sara": 0}
    for bad in ('{"text": "", "labels": {}}', '{"text": "x", "labels": {"hoax": 1}}', "not json",
                '{"text": "x", "labels": 3}'):
        p.write_text(bad, encoding="utf-8")
        with pytest.raises(ValueError):
            load_feedback(p)


def test_feedback_corpus_is_deduplicated_by_split_key():
    rows = feedback_rows() + [{"text": "@someone " + feedback_rows()[0]["text"] + " !!!", "labels": {"politik_uang": 1},
                               "source": "dup"}]
    c = build_corpus(datasets=(), feedback=rows)
    assert c.targets["politik_uang"].tolist().count(1) >= 40
    folds = kfold_groups(c.keys, 3, seed=1)
    for i, f in enumerate(folds):
        other = set().union(*(set(c.keys[j] for j in g) for k, g in enumerate(folds) if k != i))
        assert not other & {c.keys[j] for j in f}


def test_packaged_cases_evaluate():
    rep = evaluate_cases()
    assert rep["cases"] > 50
    assert set(rep["labels"]) == {"politik_uang", "netralitas", "sara", "kampanye_hitam", "hasutan", "kata_kasar"}


def test_every_packaged_case_set_is_evaluated_and_well_formed():
    from pantau.detection import LABELS
    from pantau.detection.training import CASE_SETS, evaluate_case_sets, load_cases

    sets = evaluate_case_sets()
    assert {"dev", "holdout1", "holdout2"} <= set(sets)
    seen: set[tuple[str, str]] = set()
    for name, rel, _ in CASE_SETS:
        if name not in sets:
            continue
        registry, cases = load_cases(Path(__file__).parents[2] / "src/pantau/detection" / rel)
        assert registry.get("candidates"), name
        for c in cases:
            assert set(c["labels"]) <= set(LABELS), (name, c["labels"])
            key = (c["text"], json.dumps(c.get("context"), sort_keys=True))  # same text in and out of a quiet period
            assert key not in seen, f"{name}: case repeated"
            seen.add(key)
        assert sets[name]["cases"] == len(cases)


@needs_datasets()
def test_dataset_corpus_has_no_duplicate_keys_within_a_source():
    c = build_corpus(("id_multilabel_hs",))
    assert len(c.keys) == len(set(c.keys))
    assert 12_000 < len(c) < 13_169  # SOURCE.md: 13,169 rows, 146 duplicate texts (more after normalisation)
    assert c.hashes["id_multilabel_hs"]["re_dataset.csv"] == \
        "44c04e31ad4b7ee4a95f1884e7af4da2c44b69762143eb2de0ede7f90502735e"


@needs_datasets()
def test_dataset_loaders_repair_encoding():
    from pantau.detection import datasets as D

    hs = D.load("id_multilabel_hs")
    assert not any("\\xf0" in e.text or "\\n" in e.text for e in hs)
    assert any("\U0001F602" in e.text for e in hs)
    assert len(D.load("id_hoax_news_pratiwi")) == 600
