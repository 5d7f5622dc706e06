"""Priority of a flagged item in the analyst queue, with its parts shown.

    score = severity(label) × confidence × reach × recency

* **severity** — weight of the violation label, 0..1 (:data:`DEFAULT_SEVERITY`; money politics and
  incitement highest, rude language lowest). Flags multiply it: campaign content during the quiet period
  (``masa_tenang``) × 1.25, capped at 1.
* **confidence** — the classifier's probability for the label, 0..1.
* **reach** — 1 + log-scaled audience terms, so an item with no metrics (a WhatsApp message) still
  scores and a viral one scores up to ``1 + sum(weights)`` (3.5 by default)::

      followers: min(log10(1 + followers) / 6, 1)     1 M followers → 1
      shares:    min(log10(1 + shares) / 4, 1)        10 k shares → 1
      engagement min(log10(1 + likes + comments + views/100) / 5, 1) × 0.5
      copies:    min(log10(copies) / 3, 1)            1 000 near-duplicate copies → 1

* **recency** — ``0.5 ** (age_hours / half_life_hours)`` (half-life 48 h by default), never below
  ``min_recency`` (0.05) so an old but grave item does not vanish; an item dated in the future counts as new.

The result is a :class:`Priority` with ``score`` (0..~3.5) and ``score_100`` (the score scaled so that the
largest possible value is 100), each factor, the reach terms and an Indonesian explanation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

DEFAULT_SEVERITY: dict[str, float] = {
    "politik_uang": 1.0,
    "hasutan": 0.9,
    "sara": 0.9,
    "kampanye_hitam": 0.8,
    "netralitas": 0.75,
    "kata_kasar": 0.3,
}
UNKNOWN_LABEL_SEVERITY = 0.5
FLAG_MULTIPLIERS: dict[str, float] = {"masa_tenang": 1.25}

LABEL_NAMES_ID = {
    "politik_uang": "politik uang",
    "hasutan": "hasutan",
    "sara": "SARA",
    "kampanye_hitam": "kampanye hitam/hoaks",
    "netralitas": "netralitas",
    "kata_kasar": "kata kasar",
}


@dataclass(frozen=True)
class PrioritySettings:
    half_life_hours: float = 48.0
    min_recency: float = 0.05
    followers_weight: float = 1.0
    shares_weight: float = 1.0
    engagement_weight: float = 0.5
    copies_weight: float = 1.0
    severity: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    flag_multipliers: Mapping[str, float] = field(default_factory=lambda: dict(FLAG_MULTIPLIERS))

    @property
    def max_reach(self) -> float:
        return 1.0 + self.followers_weight + self.shares_weight + self.engagement_weight + self.copies_weight


@dataclass(slots=True)
class Priority:
    score: float
    score_100: float
    label: str | None
    severity: float
    confidence: float
    reach: float
    recency: float
    age_hours: float | None
    reach_terms: dict[str, float]
    explanation: str

    def to_dict(self) -> dict:
        return asdict(self)


def _log_term(value: int | None, decades: float) -> float:
    if not value or value <= 0:
        return 0.0
    return min(math.log10(1 + value) / decades, 1.0)


def reach_factor(
    *,
    followers: int | None = None,
    shares: int | None = None,
    likes: int | None = None,
    comments: int | None = None,
    views: int | None = None,
    copies: int | None = None,
    settings: PrioritySettings | None = None,
) -> tuple[float, dict[str, float]]:
    s = settings or PrioritySettings()
    engagement = (likes or 0) + (comments or 0) + (views or 0) // 100
    terms = {
        "followers": round(s.followers_weight * _log_term(followers, 6), 4),
        "shares": round(s.shares_weight * _log_term(shares, 4), 4),
        "engagement": round(s.engagement_weight * _log_term(engagement, 5), 4),
        "copies": round(
            s.copies_weight * (min(math.log10(copies) / 3, 1.0) if copies and copies > 1 else 0.0), 4
        ),
    }
    return 1.0 + sum(terms.values()), terms


def recency_factor(
    published_at: datetime | None, now: datetime | None = None, settings: PrioritySettings | None = None
) -> tuple[float, float | None]:
    s = settings or PrioritySettings()
    if published_at is None:
        return 1.0, None
    now = now or datetime.now(UTC)
    if published_at.tzinfo is None or now.tzinfo is None:
        raise ValueError("published_at dan now harus memiliki zona waktu")
    age_h = max(0.0, (now - published_at).total_seconds() / 3600.0)
    return max(s.min_recency, 0.5 ** (age_h / s.half_life_hours)), age_h


def priority(
    label: str | None,
    confidence: float,
    *,
    followers: int | None = None,
    shares: int | None = None,
    likes: int | None = None,
    comments: int | None = None,
    views: int | None = None,
    copies: int | None = None,
    published_at: datetime | None = None,
    now: datetime | None = None,
    flags: tuple[str, ...] | list[str] = (),
    settings: PrioritySettings | None = None,
) -> Priority:
    """Priority of one item for one label. ``confidence`` is clamped to 0..1."""
    s = settings or PrioritySettings()
    if confidence is None or math.isnan(confidence):
        confidence = 0.0
    confidence = min(max(float(confidence), 0.0), 1.0)
    severity = s.severity.get(label, UNKNOWN_LABEL_SEVERITY) if label else 0.0
    for flag in flags:
        severity *= s.flag_multipliers.get(flag, 1.0)
    severity = min(severity, 1.0)
    reach, terms = reach_factor(
        followers=followers,
        shares=shares,
        likes=likes,
        comments=comments,
        views=views,
        copies=copies,
        settings=s,
    )
    recency, age_h = recency_factor(published_at, now, s)
    score = severity * confidence * reach * recency
    name = LABEL_NAMES_ID.get(label or "", label or "tanpa label")
    age_text = "umur tidak diketahui" if age_h is None else f"umur {age_h:.0f} jam"
    explanation = (
        f"keparahan {name} {severity:.2f} × keyakinan {confidence:.2f} × jangkauan {reach:.2f} "
        f"(pengikut +{terms['followers']:.2f}, dibagikan +{terms['shares']:.2f}, interaksi "
        f"+{terms['engagement']:.2f}, salinan +{terms['copies']:.2f}) × kebaruan {recency:.2f} ({age_text})"
        f" = {score:.3f}"
    )
    return Priority(
        score=round(score, 6),
        score_100=round(100.0 * score / s.max_reach, 2),
        label=label,
        severity=round(severity, 4),
        confidence=round(confidence, 4),
        reach=round(reach, 4),
        recency=round(recency, 4),
        age_hours=None if age_h is None else round(age_h, 2),
        reach_terms=terms,
        explanation=explanation,
    )


def priority_for_labels(labels: Mapping[str, float], **kwargs) -> Priority:
    """The highest-priority label of an item: ``labels`` maps label -> confidence."""
    if not labels:
        return priority(None, 0.0, **kwargs)
    return max((priority(label, conf, **kwargs) for label, conf in labels.items()), key=lambda p: p.score)


def priority_score(
    *,
    labels: list[str] | tuple[str, ...],
    scores: Mapping[str, float],
    followers: int | None = None,
    likes: int | None = None,
    shares: int | None = None,
    comments: int | None = None,
    views: int | None = None,
    published_at: datetime | None = None,
    now: datetime | None = None,
    copies: int | None = None,
    flags: tuple[str, ...] | list[str] = (),
    settings: PrioritySettings | None = None,
) -> dict:
    """Keyword-only form for callers holding a label list and a score dict (``pantau.monitoring``):
    ``{"score": 0..100, "label": ..., "parts": {severity, confidence, reach, recency, reach_*}, "explanation"}``.
    A label without a score counts with confidence 0.5."""
    chosen = priority_for_labels(
        {label: float(scores.get(label, 0.5)) for label in labels},
        followers=followers,
        likes=likes,
        shares=shares,
        comments=comments,
        views=views,
        copies=copies,
        published_at=published_at,
        now=now,
        flags=flags,
        settings=settings,
    )
    parts = {
        "severity": chosen.severity,
        "confidence": chosen.confidence,
        "reach": chosen.reach,
        "recency": chosen.recency,
        **{f"reach_{k}": v for k, v in chosen.reach_terms.items()},
    }
    return {
        "score": chosen.score_100,
        "label": chosen.label,
        "parts": parts,
        "explanation": chosen.explanation,
    }
