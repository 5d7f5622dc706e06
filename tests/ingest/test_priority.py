from datetime import UTC, datetime, timedelta

import pytest

from pantau.ingest.priority import (
    PrioritySettings,
    priority,
    priority_for_labels,
    reach_factor,
    recency_factor,
)

NOW = datetime(2024, 11, 26, 12, 0, tzinfo=UTC)


def test_parts_multiply_to_the_score():
    p = priority(
        "politik_uang",
        0.9,
        followers=15230,
        shares=41,
        likes=88,
        comments=12,
        views=5210,
        copies=200,
        published_at=NOW - timedelta(hours=24),
        now=NOW,
    )
    assert p.severity == 1.0 and p.confidence == 0.9
    assert p.recency == pytest.approx(0.5**0.5, abs=1e-4)
    assert p.reach == pytest.approx(1 + sum(p.reach_terms.values()), abs=1e-3)
    assert p.score == pytest.approx(p.severity * p.confidence * p.reach * p.recency, rel=1e-3)
    assert 0 < p.score_100 <= 100
    assert "politik uang" in p.explanation and "kebaruan" in p.explanation
    assert set(p.to_dict()) >= {"score", "severity", "confidence", "reach", "recency", "reach_terms"}


def test_reach_is_log_scaled_and_bounded():
    none, _ = reach_factor()
    small, _ = reach_factor(followers=100, shares=2)
    viral, terms = reach_factor(followers=10**9, shares=10**7, likes=10**9, copies=10**6)
    assert none == 1.0 < small < viral
    assert viral == pytest.approx(PrioritySettings().max_reach)
    assert all(v <= 1.0 for v in terms.values())
    # ten times more followers adds a constant, not ten times the priority
    a, _ = reach_factor(followers=1_000)
    b, _ = reach_factor(followers=10_000)
    c, _ = reach_factor(followers=100_000)
    assert b - a == pytest.approx(c - b, abs=1e-3)


def test_recency_half_life_floor_and_future():
    s = PrioritySettings(half_life_hours=12, min_recency=0.1)
    assert recency_factor(NOW - timedelta(hours=12), NOW, s)[0] == pytest.approx(0.5)
    assert recency_factor(NOW - timedelta(days=30), NOW, s)[0] == 0.1
    assert recency_factor(NOW + timedelta(hours=3), NOW, s) == (1.0, 0.0)
    assert recency_factor(None, NOW, s) == (1.0, None)
    with pytest.raises(ValueError):
        recency_factor(datetime(2024, 11, 26), NOW)


def test_severity_order_flags_and_unknown_labels():
    kw = dict(published_at=NOW, now=NOW)
    money = priority("politik_uang", 0.8, **kw).score
    rude = priority("kata_kasar", 0.8, **kw).score
    assert money > rude
    quiet = priority("netralitas", 0.8, flags=["masa_tenang"], **kw)
    assert quiet.severity == pytest.approx(min(0.75 * 1.25, 1.0))
    assert priority("label_baru", 1.0, **kw).severity == 0.5
    assert priority(None, 1.0, **kw).score == 0
    assert priority("sara", 7.0, **kw).confidence == 1.0
    assert priority("sara", float("nan"), **kw).score == 0


def test_priority_for_labels_picks_the_highest():
    p = priority_for_labels({"kata_kasar": 0.99, "politik_uang": 0.6}, published_at=NOW, now=NOW)
    assert p.label == "politik_uang"
    assert priority_for_labels({}, now=NOW).score == 0


def test_custom_severity_table():
    s = PrioritySettings(severity={"kata_kasar": 1.0})
    assert priority("kata_kasar", 1.0, settings=s, published_at=NOW, now=NOW).severity == 1.0


def test_priority_score_keyword_form():
    from pantau.ingest.priority import priority_score

    out = priority_score(
        labels=["kata_kasar", "politik_uang"],
        scores={"politik_uang": 0.8},
        followers=1000,
        shares=10,
        published_at=NOW,
        now=NOW,
    )
    assert out["label"] == "politik_uang" and 0 < out["score"] <= 100
    assert out["parts"]["confidence"] == 0.8 and "reach_followers" in out["parts"]
    assert priority_score(labels=[], scores={}, now=NOW)["score"] == 0
