"""The detector: normalise, find entities and money, run the rules and the learned model, combine, explain.

Combination per label (thresholds come from the model's JSON, default 0.5; see docs/detection.md):

* rule scores live on a scale where 0.5 is the rule's decision point; they are mapped piecewise-linearly
  onto the label's threshold ``t`` (0 -> 0, 0.5 -> t, 1 -> 1) so that "the rule fires" and "the label is on"
  mean the same thing;
* ``score = max(mapped rule score, learned score)``, where the learned score is the calibrated probability
  of the label's model head(s) (``kampanye_hitam`` multiplies the defamation head by a target gate: the text
  must name a candidate, party, pair or organiser);
* ``flagged = score >= threshold``.

Long texts: the model scores overlapping windows of ``WINDOW_TOKENS`` original tokens (stride
``WINDOW_STRIDE``), keeps the maximum per head, and shifts its logit by ``-log(k)`` for ``k`` windows, so one
hateful paragraph in a long Facebook post is not diluted by the rest and a long article is not judged more
harshly than a tweet. Analysis is
capped at ``MAX_CHARS`` characters of the original text (``truncated`` is then true).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .entities import EntityMatch, Registry, default_registry
from .model import LinearModel, load_default_model
from .money import MoneyAmount, find_money
from .normalise import Normalised, normalise
from .rules import KH_TARGET, Doc, RuleHit, campaign_content, run_rules
from .taxonomy import LABELS

__all__ = ["Analysis", "Evidence", "Detector", "MAX_CHARS", "WINDOW_TOKENS", "DEFAULT_THRESHOLD"]

MAX_CHARS = 50_000
WINDOW_TOKENS = 64
WINDOW_STRIDE = 48
DEFAULT_THRESHOLD = 0.5
MAX_EVIDENCE_PER_LABEL = 6

# Which model heads feed which label (overridable in model.json "label_heads").
DEFAULT_LABEL_HEADS: dict[str, list[str]] = {
    "sara": ["sara"],
    "kata_kasar": ["abusive"],
    "kampanye_hitam": ["defamation"],
    "politik_uang": ["politik_uang"],
    "netralitas": ["netralitas"],
    "hasutan": ["hasutan"],
}

_KH_TARGET_TOKENS = {w.split(" ")[0] for w in KH_TARGET.strip("(?:)").split("|")}
_KH_SPECIFIC_TARGETS = {"paslon", "cagub", "cabup", "cawako", "cawagub", "cawabup", "kandidat", "petahana",
                        "incumbent", "kpu", "bawaslu", "kpps", "ppk", "pps", "panwas", "panwascam", "komisioner",
                        "capres", "cawapres", "caleg", "gubernur", "bupati", "walikota"}
# the defamation head also fires on plain insults; without any accusation/claim cue its weight is reduced
_KH_NO_CLAIM = 0.6
# ... and once more when the text is plainly an insult (an unambiguous swear word): that is kata_kasar's business
_KH_INSULT = 0.7
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass(slots=True)
class Evidence:
    label: str
    start: int
    end: int
    text: str
    feature: str
    source: str  # "rule" or "model"
    weight: float | None = None

    def to_dict(self) -> dict:
        d = {"label": self.label, "start": self.start, "end": self.end, "text": self.text,
             "feature": self.feature, "source": self.source}
        if self.weight is not None:
            d["weight"] = round(self.weight, 4)
        return d


@dataclass
class Analysis:
    scores: dict[str, float]
    thresholds: dict[str, float]
    labels: list[str]
    evidence: list[Evidence]
    election_related: bool
    election_score: float
    entities: list[EntityMatch]
    regions: list[str]
    money: list[MoneyAmount]
    flags: list[str]
    model_scores: dict[str, float] = field(default_factory=dict)
    rule_scores: dict[str, float] = field(default_factory=dict)
    truncated: bool = False
    text_length: int = 0
    model_version: str | None = None
    warnings: list[str] = field(default_factory=list)

    def flagged(self, label: str) -> bool:
        return label in self.labels

    def evidence_for(self, label: str) -> list[Evidence]:
        return [e for e in self.evidence if e.label == label]

    def to_dict(self) -> dict:
        return {
            "labels": list(self.labels),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "thresholds": dict(self.thresholds),
            "evidence": [e.to_dict() for e in self.evidence],
            "election_related": self.election_related,
            "election_score": self.election_score,
            "regions": list(self.regions),
            "entities": [m.to_dict() for m in self.entities],
            "money": [m.to_dict() for m in self.money],
            "flags": list(self.flags),
            "model_scores": {k: round(v, 4) for k, v in self.model_scores.items()},
            "rule_scores": {k: round(v, 4) for k, v in self.rule_scores.items()},
            "truncated": self.truncated,
            "text_length": self.text_length,
            "model_version": self.model_version,
            "warnings": list(self.warnings),
        }

    def to_contract(self, ident=None) -> dict:
        """The line format of ``pantau classify`` (issue #3 contract, plus a few extra keys)."""
        d = {
            "id": ident,
            "labels": list(self.labels),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "evidence": [{"label": e.label, "start": e.start, "end": e.end, "text": e.text, "feature": e.feature}
                         for e in self.evidence],
            "election_related": self.election_related,
            "regions": list(self.regions),
            "flags": list(self.flags),
            "money": [{"value": m.value, "start": m.start, "end": m.end, "text": m.text, "per": m.per}
                      for m in self.money],
            "entities": [m.to_dict() for m in self.entities if m.kind in ("candidate", "party", "actor")],
            "truncated": self.truncated,
        }
        return d


def _as_date(v) -> _dt.date | None:
    if v is None:
        return None
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if isinstance(v, str):
        s = v.strip().replace("Z", "+00:00")
        try:
            return _dt.datetime.fromisoformat(s).date()
        except ValueError:
            return _dt.date.fromisoformat(s[:10])
    raise TypeError(f"cannot read a date from {v!r}")


def _map_rule(r: float, thr: float) -> float:
    if r <= 0:
        return 0.0
    if r <= 0.5:
        return r * thr / 0.5
    return thr + (r - 0.5) * (1.0 - thr) / 0.5


class Detector:
    """Holds a model and a registry; ``analyse`` one text or ``analyse_many`` a batch."""

    def __init__(self, model: LinearModel | None | str = "default", registry: Registry | Mapping | None = None,
                 thresholds: Mapping[str, float] | None = None) -> None:
        self.model = load_default_model() if model == "default" else model  # type: ignore[assignment]
        self.registry = Registry.coerce(registry) if registry is not None else default_registry()
        th = {lab: DEFAULT_THRESHOLD for lab in LABELS}
        label_heads = dict(DEFAULT_LABEL_HEADS)
        if self.model is not None:
            th.update({k: v for k, v in self.model.thresholds.items() if k in th})
            label_heads.update(self.model.meta.get("label_heads", {}))
        if thresholds:
            th.update(thresholds)
        self.thresholds = th
        self._label_heads: dict[str, list[int]] = {}
        if self.model is not None:
            for lab, heads in label_heads.items():
                idx = [self.model.heads.index(h) for h in heads if h in self.model.heads]
                if idx:
                    self._label_heads[lab] = idx
        self._plan = [(lab, self.thresholds[lab], self._label_heads.get(lab)) for lab in LABELS]

    # ------------------------------------------------------------------ public API
    def analyse(self, text: str, context: Mapping | None = None) -> Analysis:
        return self.analyse_many([text], [context] if context is not None else None)[0]

    def analyse_many(self, texts: Sequence[str], contexts: Sequence[Mapping | None] | Mapping | None = None,
                     explain: bool = True) -> list[Analysis]:
        n = len(texts)
        if contexts is None or isinstance(contexts, Mapping):
            ctxs: list[Mapping | None] = [contexts] * n  # type: ignore[list-item]
        else:
            ctxs = list(contexts)
            if len(ctxs) != n:
                raise ValueError("contexts must match texts")
        prepared = []
        for text, ctx in zip(texts, ctxs, strict=True):
            if not isinstance(text, str):
                raise TypeError("text must be str")
            warnings = []
            truncated = len(text) > MAX_CHARS
            t = text[:MAX_CHARS] if truncated else text
            if _CONTROL.search(t):
                t = _CONTROL.sub(" ", t)  # same length: offsets still point into the original
                warnings.append("control characters ignored")
            norm = normalise(t)
            if not norm.text:
                warnings.append("no analysable text")
            prepared.append((text, ctx, norm, truncated, warnings))
        # model: one vectorised call over all windows of all texts
        model_probs = self._model_scores([p[2] for p in prepared])
        requests: list[tuple[int, str, int]] = []  # (analysis index, label, head) needing model evidence
        results = []
        for i, p in enumerate(prepared):
            a, req = self._finish(p, model_probs[i] if model_probs is not None else None, explain)
            results.append(a)
            requests += [(i, lab, h) for lab, h in req]
        if requests:
            self._attach_model_evidence(results, prepared, requests)
        return results

    # ------------------------------------------------------------------ internals
    def _model_scores(self, norms: list[Normalised]) -> np.ndarray | None:
        if self.model is None or not norms:
            return None
        owners: list[int] = []
        texts: list[str] = []
        views: list[str] = []
        for i, nm in enumerate(norms):
            if len(nm.raw_tokens) <= WINDOW_TOKENS:
                owners.append(i)
                texts.append(nm.text)
                views.append(nm.view)
            else:
                for t, v in nm.windows(WINDOW_TOKENS, WINDOW_STRIDE):
                    owners.append(i)
                    texts.append(t)
                    views.append(v)
        probs = self.model.predict_proba(texts, views)
        if len(texts) == len(norms):
            return probs
        own = np.asarray(owners)
        out = np.zeros((len(norms), probs.shape[1]), dtype=probs.dtype)
        np.maximum.at(out, own, probs)
        # the maximum over k windows has ~k chances of a false positive: shift its logit by -log(k) so that a
        # long text is judged like one short post (a strongly hateful paragraph still passes)
        k = np.bincount(own, minlength=len(norms)).astype(np.float64)
        multi = k > 1
        if multi.any():
            p = np.clip(out[multi], 1e-7, 1 - 1e-7)
            z = np.log(p / (1 - p)) - np.log(k[multi])[:, None]
            out[multi] = 1 / (1 + np.exp(-z))
        return out

    def _registry_for(self, ctx: Mapping | None) -> Registry:
        if not ctx:
            return self.registry
        reg = ctx.get("registry")
        registry = Registry.coerce(reg) if reg is not None else self.registry
        regions = ctx.get("regions")
        if regions is not None:
            registry = registry.with_regions(regions)
        return registry

    def _finish(self, prepared, probs: np.ndarray | None, explain: bool) -> tuple[Analysis, list[tuple[str, int]]]:
        text, ctx, norm, truncated, warnings = prepared
        registry = self._registry_for(ctx)
        ents = registry.match(norm)
        money = find_money(norm)
        doc = Doc(norm, ents, money)
        rules, sup, sup_hits = run_rules(doc)
        scores: dict[str, float] = {}
        rule_scores: dict[str, float] = {}
        evidence: list[Evidence] = []
        flags: list[str] = []
        labels: list[str] = []
        requests: list[tuple[str, int]] = []
        pl = probs.tolist() if probs is not None else None
        model_scores = dict(zip(self.model.heads, pl, strict=True)) if pl is not None else {}  # type: ignore[union-attr]
        for lab, thr, heads in self._plan:
            r = rules[lab]
            rs = r.score
            rule_scores[lab] = rs
            mapped = _map_rule(rs, thr) if rs > 0 else 0.0
            learned = 0.0
            best_head = -1
            if pl is not None and heads:
                for hi in heads:
                    if pl[hi] > learned:
                        learned, best_head = pl[hi], hi
                if r.learned_factor != 1.0:
                    learned *= r.learned_factor
                if lab == "kampanye_hitam" and learned > mapped:
                    learned *= self._target_gate(doc) * (1.0 if rs > 0 else _KH_NO_CLAIM)
                    if rs == 0 and rules["kata_kasar"].score >= 0.8:
                        learned *= _KH_INSULT
            score = mapped if mapped >= learned else learned
            scores[lab] = score
            if score >= thr:
                labels.append(lab)
                if rs > 0 and mapped >= learned * 0.5:
                    evidence += self._rule_evidence(norm, lab, r.hits, "rule")
                if learned >= thr and explain and best_head >= 0:
                    requests.append((lab, best_head))
                if lab == "kata_kasar" and not any(e.label == lab for e in evidence):
                    hits = [RuleHit(a, b, "kata_kasar:lexicon") for a, b, _t in doc.find("kasar")]
                    evidence += self._rule_evidence(norm, lab, hits, "rule")
        if sup > 0 and any(rules[lab].dampened for lab in LABELS):
            flags.append("supervision_context")
            evidence += self._rule_evidence(norm, "supervision_context", sup_hits, "rule")
        # quiet period
        if ctx:
            qp = ctx.get("quiet_period")
            posted = _as_date(ctx.get("posted_at"))
            if qp and posted:
                start, end = (_as_date(qp[0]), _as_date(qp[1]))
                if start <= posted <= end:
                    cc = campaign_content(doc, bool(ctx.get("campaign_account")))
                    if cc.score >= 0.5:
                        flags.append("masa_tenang")
                        evidence += self._rule_evidence(norm, "masa_tenang", cc.hits, "rule")
        entities = [m for m in ents.matches if m.kind in ("candidate", "party", "actor", "region")]
        return Analysis(
            scores=scores, thresholds=self.thresholds, labels=labels, evidence=evidence,
            election_related=ents.election_related, election_score=ents.election_score,
            entities=entities, regions=ents.region_codes(), money=money, flags=flags,
            model_scores=model_scores, rule_scores=rule_scores, truncated=truncated, text_length=len(text),
            model_version=self.model.version if self.model is not None else None, warnings=warnings,
        ), requests

    @staticmethod
    def _target_gate(doc: Doc) -> float:
        """How specifically the text names a candidate, party or organiser (the object of a black campaign)."""
        if any(m.kind in ("candidate", "candidate_number", "party") for m in doc.entities.matches):
            return 1.0
        if not doc.tokset.isdisjoint(_KH_SPECIFIC_TARGETS):
            return 1.0
        if not doc.tokset.isdisjoint(_KH_TARGET_TOKENS) or doc.entities.election_related:
            return 0.6
        return 0.25

    @staticmethod
    def _rule_evidence(norm: Normalised, label: str, hits: Iterable[RuleHit], source: str) -> list[Evidence]:
        out: list[Evidence] = []
        seen = set()
        for h in hits:
            a, b = norm.to_original(h.n_start, h.n_end)
            key = (a, b, h.feature)
            if key in seen or b <= a:
                continue
            seen.add(key)
            out.append(Evidence(label, a, b, norm.original[a:b], h.feature, source))
            if len(out) >= MAX_EVIDENCE_PER_LABEL * 2:
                break
        return out

    def _attach_model_evidence(self, results: list[Analysis], prepared, requests) -> None:
        """Evidence for model-driven labels: the words that contributed most, computed for all requests at once."""
        model = self.model
        assert model is not None
        norms: list[Normalised] = [prepared[i][2] for i, _lab, _h in requests]
        contribs = model.contributions([nm.text for nm in norms], [h for _i, _lab, h in requests],
                                       top=MAX_EVIDENCE_PER_LABEL, views=[nm.view for nm in norms])
        for (i, lab, h), norm, items in zip(requests, norms, contribs, strict=True):
            merged: dict[tuple[int, int], list] = {}
            for space, a, b, c in items:
                oa, ob = norm.to_original(a, b) if space == "n" else norm.view_to_original(a, b)
                if ob <= oa:
                    continue
                src = norm.text[a:b] if space == "n" else norm.view[a:b]
                m = merged.get((oa, ob))
                if m is None:
                    merged[(oa, ob)] = [c, src]
                else:
                    m[0] += c
            ranked = sorted(merged.items(), key=lambda kv: -kv[1][0])
            top = ranked[0][1][0] if ranked else 0.0
            out: list[Evidence] = []
            for (oa, ob), (c, src) in ranked:
                if len(out) >= MAX_EVIDENCE_PER_LABEL or (out and c < 0.15 * top):
                    break
                out.append(Evidence(lab, oa, ob, norm.original[oa:ob], f"model:{model.heads[h]}:{src}", "model", c))
            # keep the evidence grouped by label in the order the labels were decided
            ev = results[i].evidence
            pos = max((k + 1 for k, e in enumerate(ev) if e.label == lab), default=len(ev))
            ev[pos:pos] = out
