"""Pantau detection: Indonesian election-violation detection that explains itself.

Pure Python (numpy/scipy); imports nothing from Django or the web apps.

    >>> from pantau.detection import analyse
    >>> a = analyse("Besok pagi ada amplop 50rb per KK, syaratnya pilih nomor 2")
    >>> a.labels
    ['politik_uang']
    >>> [m.value for m in a.money]
    [50000]

``context`` (all keys optional):

* ``registry``: a :class:`Registry` or a mapping ``{"candidates": [...], "parties": [...], "regions": [...]}``;
* ``regions``: a list of regions, each ``(code, name, aliases)``, a mapping or a :class:`Region`; replaces the
  built-in Jambi kabupaten/kota table for this call;
* ``posted_at`` and ``quiet_period=(start_date, end_date)``: campaign content posted in the window gets the
  flag ``masa_tenang`` (dates are configured per election by the caller, never hard-coded here);
* ``campaign_account``: true if the post comes from a registered campaign account (any election content in
  the quiet period is then flagged).

See docs/detection.md for the rules, thresholds and known failure modes, and docs/model-card.md for the model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .engine import MAX_CHARS, Analysis, Detector, Evidence
from .entities import Candidate, EntityMatch, Party, Region, Registry, default_registry
from .model import LinearModel, load_default_model
from .money import MoneyAmount, parse_money
from .normalise import Normalised, normalise
from .taxonomy import FLAGS, LABELS, TAXONOMY, label_info, taxonomy_dict

__all__ = [
    "analyse", "analyse_many", "get_detector", "Analysis", "Evidence", "Detector", "Registry", "Candidate", "Party",
    "Region", "EntityMatch", "MoneyAmount", "parse_money", "normalise", "Normalised", "LinearModel",
    "load_default_model", "LABELS", "FLAGS", "TAXONOMY", "label_info", "taxonomy_dict", "default_registry",
    "MAX_CHARS",
]

_DETECTOR: Detector | None = None


def get_detector() -> Detector:
    """The process-wide detector with the shipped model and the default registry (created on first use)."""
    global _DETECTOR
    if _DETECTOR is None:
        _DETECTOR = Detector()
    return _DETECTOR


def analyse(text: str, context: Mapping | None = None) -> Analysis:
    """Analyse one text; see the module docstring for ``context``."""
    return get_detector().analyse(text, context)


def analyse_many(texts: Sequence[str], contexts: Sequence[Mapping | None] | Mapping | None = None) -> list[Analysis]:
    """Analyse a batch (the model part is vectorised over the batch: much faster than a loop)."""
    return get_detector().analyse_many(texts, contexts)
