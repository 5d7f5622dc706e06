"""Training and evaluation (uses scikit-learn; inference does not).

* :func:`build_corpus` loads the shared datasets (and analyst feedback), normalises every text and removes
  duplicates by a de-duplication key (normalised text without mentions, URLs and punctuation). Splits are
  always made over these keys, so no normalised text is ever in both train and test.
* :func:`train_model` fits one linear head per target (hashed word 1-2 + char 2-5 grams, class-balanced
  logistic regression, optional NB log-count-ratio scaling folded into the weights), Platt-calibrates each
  head on out-of-fold scores and stores the decision threshold as the calibrated probability at the
  balanced model's boundary (or an F1-optimal one when ``tune_thresholds``).
* :func:`evaluate` runs seeded, de-duplicated 5-fold CV and a held-out split for our model and for the plain
  TF-IDF + LR baseline on the same folds, plus cross-dataset and hand-written Jambi case checks.

Everything is seeded; the same inputs give the same model bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
from scipy import sparse

from . import datasets as D
from .features import FeatureSpec, HashingFeaturizer
from .model import LinearModel
from .normalise import normalise, normalise_text
from .taxonomy import LABELS

__all__ = [
    "HEADS", "HeadConfig", "Corpus", "build_corpus", "load_feedback", "train_model", "evaluate",
    "dedup_key", "kfold_groups", "FEEDBACK_TO_HEAD", "MODEL_VERSION",
]

MODEL_VERSION = "2024.11-jambi-2"


@dataclass(frozen=True)
class HeadConfig:
    name: str
    sources: dict[str, str]  # dataset -> label expression ("A|B" means A or B)
    C: float = 4.0
    nb: bool = False  # NB log-count-ratio scaling (Wang & Manning 2012), folded into the weights
    description: str = ""
    given: str | None = None  # conditional head: trained where head ``given`` is positive; output p(given)*p(self)


HEADS: tuple[HeadConfig, ...] = (
    HeadConfig("abusive", {"id_multilabel_hs": "Abusive"}, C=4.0, nb=True,
               description="abusive language (Ibrohim & Budi 2019 'Abusive')"),
    HeadConfig("hs", {"id_multilabel_hs": "HS"}, C=4.0, description="hate speech (any target)"),
    HeadConfig("hs_religion", {"id_multilabel_hs": "HS_Religion"}, C=4.0, given="hs",
               description="hate speech: religion, as P(HS) x P(religion target | HS)"),
    HeadConfig("hs_race", {"id_multilabel_hs": "HS_Race"}, C=4.0, given="hs",
               description="hate speech: race/ethnicity, as P(HS) x P(race target | HS)"),
    HeadConfig("sara", {"id_multilabel_hs": "HS_Religion|HS_Race", "netifier": "sara"}, C=4.0,
               description="SARA: union of id_multilabel_hs religion/race hate speech and netifier 'sara'"),
    HeadConfig("defamation", {"netifier": "pencemaran_nama_baik"}, C=4.0,
               description="defamation (netifier 'pencemaran_nama_baik'); gated by an election target for "
                           "kampanye_hitam"),
)

# pantau label -> model outputs whose maximum is the label's learned score
LABEL_OUTPUTS = {"sara": ["sara", "hs_religion", "hs_race"], "kata_kasar": ["abusive"],
                 "kampanye_hitam": ["defamation"]}

# analyst labels (pantau taxonomy) -> the model head they train
FEEDBACK_TO_HEAD = {"sara": "sara", "kata_kasar": "abusive", "kampanye_hitam": "defamation",
                    "politik_uang": "politik_uang", "netralitas": "netralitas", "hasutan": "hasutan"}
MIN_FEEDBACK_EXAMPLES = 20  # per class, before a feedback-only head (e.g. politik_uang) is trained

EVAL_LABELS = ("HS", "Abusive", "HS_Religion", "HS_Race")
EVAL_HEAD_FOR = {"HS": "hs", "Abusive": "abusive", "HS_Religion": "hs_religion", "HS_Race": "hs_race"}

_KEY_STRIP = re.compile(r"@user|\burl\b|[^\w ]")


def dedup_key(normalised: str) -> str:
    return " ".join(_KEY_STRIP.sub(" ", normalised).split())


# ----------------------------------------------------------------------------------------------- corpus

@dataclass
class Corpus:
    texts: list[str]  # normalised
    raw: list[str]  # repaired original text (for the baseline)
    views: list[str]  # lower-cased original tokens (Normalised.view): source of the character n-grams
    keys: list[str]
    sources: list[str]
    targets: dict[str, np.ndarray] = field(default_factory=dict)  # head -> int8 array, -1 = not labelled
    dataset_labels: dict[str, np.ndarray] = field(default_factory=dict)  # "dataset:Label" -> int8, -1 = n/a
    hashes: dict[str, dict[str, str]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, idx: np.ndarray) -> Corpus:
        idx = np.asarray(idx)
        return Corpus([self.texts[i] for i in idx], [self.raw[i] for i in idx], [self.views[i] for i in idx],
                      [self.keys[i] for i in idx],
                      [self.sources[i] for i in idx], {k: v[idx] for k, v in self.targets.items()},
                      {k: v[idx] for k, v in self.dataset_labels.items()}, self.hashes)


def _label_value(labels: dict[str, int], expr: str) -> int:
    return int(any(labels.get(p, 0) for p in expr.split("|")))


def load_feedback(path: str | Path) -> list[dict]:
    """Read analyst feedback JSONL (see docs/detection.md "Feedback format"). Bad lines raise ValueError."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{lineno}: invalid JSON: {e}") from e
            text = obj.get("text")
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{path}:{lineno}: 'text' must be a non-empty string")
            labels = obj.get("labels")
            lab: dict[str, int] = {}
            if isinstance(labels, dict):
                for k, v in labels.items():
                    if k not in LABELS:
                        raise ValueError(f"{path}:{lineno}: unknown label {k!r}")
                    lab[k] = int(bool(v))
            elif isinstance(labels, list):
                for k in labels:
                    if k not in LABELS:
                        raise ValueError(f"{path}:{lineno}: unknown label {k!r}")
                    lab[k] = 1
                for k in obj.get("negative_labels", []):
                    if k not in LABELS:
                        raise ValueError(f"{path}:{lineno}: unknown label {k!r}")
                    lab[k] = 0
            else:
                raise ValueError(f"{path}:{lineno}: 'labels' must be an object or a list")
            rows.append({"text": text, "labels": lab, "source": str(obj.get("source", "feedback"))})
    return rows


def build_corpus(
    datasets: Sequence[str] = ("id_multilabel_hs", "netifier"),
    root: str | Path | None = None,
    heads: Sequence[HeadConfig] = HEADS,
    feedback: Iterable[dict] = (),
    extra_dataset_labels: bool = True,
) -> Corpus:
    texts: list[str] = []
    raw: list[str] = []
    views: list[str] = []
    keys: list[str] = []
    sources: list[str] = []
    head_vals: dict[str, list[int]] = {h.name: [] for h in heads}
    ds_vals: dict[str, list[int]] = {}
    hashes: dict[str, dict[str, str]] = {}
    # de-duplicate within each source by key: labels are merged by majority vote (ties count as positive)
    for name in datasets:
        exs = D.load(name, root)
        hashes[name] = D.hashes(name, root)
        groups: dict[str, list] = {}
        order: list[str] = []
        for e in exs:
            nm = normalise(e.text)
            k = dedup_key(nm.text)
            if not k:
                continue
            if k not in groups:
                groups[k] = []
                order.append(k)
            groups[k].append((e, nm))
        label_names = D.DATASETS[name]["labels"]
        for k in order:
            items = groups[k]
            e0, n0 = items[0]
            merged = {lab: int(2 * sum(it[0].labels.get(lab, 0) for it in items) >= len(items)) for lab in label_names}
            texts.append(n0.text)
            views.append(n0.view)
            raw.append(e0.text)
            keys.append(k)
            sources.append(name)
            for h in heads:
                expr = h.sources.get(name)
                head_vals[h.name].append(_label_value(merged, expr) if expr else -1)
            if extra_dataset_labels:
                for lab in label_names:
                    ds_vals.setdefault(f"{name}:{lab}", [-1] * (len(texts) - 1))
                for dk in ds_vals:
                    ds_name, lab = dk.split(":", 1)
                    ds_vals[dk].append(merged[lab] if ds_name == name else -1)
    # analyst feedback: a label maps to a head; feedback-only heads are created on demand
    fb = list(feedback)
    if fb:
        extra_heads = sorted({FEEDBACK_TO_HEAD[lab] for r in fb for lab in r["labels"]} - set(head_vals))
        for h in extra_heads:
            head_vals[h] = [-1] * len(texts)
        for r in fb:
            nm = normalise(r["text"])
            k = dedup_key(nm.text)
            if not k:
                continue
            texts.append(nm.text)
            views.append(nm.view)
            raw.append(r["text"])
            keys.append(k)
            sources.append("feedback:" + r.get("source", "feedback"))
            for hname in head_vals:
                head_vals[hname].append(-1)
            for lab, v in r["labels"].items():
                head_vals[FEEDBACK_TO_HEAD[lab]][-1] = v
            for dk in ds_vals:
                ds_vals[dk].append(-1)
        hashes["feedback"] = {"rows": str(len(fb)),
                              "sha256": hashlib.sha256(json.dumps(fb, sort_keys=True).encode()).hexdigest()}
    return Corpus(texts, raw, views, keys, sources, {k: np.array(v, dtype=np.int8) for k, v in head_vals.items()},
                  {k: np.array(v, dtype=np.int8) for k, v in ds_vals.items()}, hashes)


# ----------------------------------------------------------------------------------------------- splits

def _key_hash(key: str, seed: int) -> int:
    return int.from_bytes(hashlib.blake2b(f"{seed}:{key}".encode(), digest_size=8).digest(), "little")


def kfold_groups(keys: Sequence[str], k: int, seed: int, strat: np.ndarray | None = None) -> list[np.ndarray]:
    """Fold id per row: rows sharing a de-duplication key share a fold. Stratified by ``strat`` if given."""
    uniq: dict[str, int] = {}
    for key in keys:
        uniq.setdefault(key, len(uniq))
    gid = np.array([uniq[key] for key in keys])
    ng = len(uniq)
    g_strat = np.zeros(ng, dtype=np.int64)
    if strat is not None:
        np.maximum.at(g_strat, gid, strat.astype(np.int64))
    order_key = np.array([_key_hash(key, seed) for key in uniq])
    fold_of_group = np.zeros(ng, dtype=np.int64)
    for s in np.unique(g_strat):
        members = np.flatnonzero(g_strat == s)
        members = members[np.argsort(order_key[members], kind="stable")]
        fold_of_group[members] = np.arange(len(members)) % k
    folds = fold_of_group[gid]
    return [np.flatnonzero(folds == i) for i in range(k)]


def holdout_split(keys: Sequence[str], test_fraction: float, seed: int,
                  strat: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    k = max(2, int(round(1 / test_fraction)))
    folds = kfold_groups(keys, k, seed + 1000, strat)
    test = folds[0]
    train = np.setdiff1d(np.arange(len(keys)), test)
    return train, test


# ----------------------------------------------------------------------------------------------- fitting

def _nb_ratio(X: sparse.csr_matrix, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    p = np.asarray(X[y == 1].sum(axis=0)).ravel() + alpha
    q = np.asarray(X[y == 0].sum(axis=0)).ravel() + alpha
    return np.log((p / p.sum()) / (q / q.sum())).astype(np.float64)


def _fit_linear(X: sparse.csr_matrix, y: np.ndarray, C: float, nb: bool, seed: int) -> tuple[np.ndarray, float]:
    """Return (coef over X's columns, intercept); NB scaling already folded into coef."""
    from sklearn.linear_model import LogisticRegression

    r = None
    if nb:
        r = _nb_ratio(X, y)
        X = X @ sparse.diags(r)
    m = LogisticRegression(C=C, class_weight="balanced", solver="liblinear", max_iter=2000, random_state=seed)
    m.fit(X, y)
    coef = m.coef_.ravel().astype(np.float64)
    if r is not None:
        coef = coef * r
    return coef, float(m.intercept_[0])


def _platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1e4, solver="lbfgs", max_iter=1000)
    m.fit(z.reshape(-1, 1), y)
    return float(m.coef_[0, 0]), float(m.intercept_[0])


def _f1(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = int(np.sum((pred == 1) & (y == 1)))
    fp = int(np.sum((pred == 1) & (y == 0)))
    fn = int(np.sum((pred == 0) & (y == 1)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _parallel(fn: Callable, jobs: list[tuple], n_jobs: int) -> list:
    if n_jobs == 1 or len(jobs) <= 1:
        return [fn(*j) for j in jobs]
    from joblib import Parallel, delayed

    return Parallel(n_jobs=n_jobs, prefer="processes")(delayed(fn)(*j) for j in jobs)


def _best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    grid = np.linspace(0.05, 0.95, 91)
    f = [_f1(y, (p >= g).astype(int))[2] for g in grid]
    return float(grid[int(np.argmax(f))])


def train_model(
    corpus: Corpus,
    heads: Sequence[HeadConfig] = HEADS,
    spec: FeatureSpec | None = None,
    seed: int = 13,
    calib_folds: int = 3,
    calibrate: bool = True,
    tune_thresholds: bool = False,
    n_jobs: int = 2,
    min_df: int = 2,
    log: Callable[[str], None] = lambda s: None,
) -> LinearModel:
    """Fit all heads on ``corpus`` and return a :class:`LinearModel` ready to save.

    Plain heads are class-balanced logistic regressions; their threshold is the calibrated probability at
    the balanced decision boundary (``z = 0``), or F1-optimal on out-of-fold scores with ``tune_thresholds``.
    Conditional heads (``given``) are trained only where the conditioning head is positive; their output is
    the product of the two calibrated probabilities, with an F1-optimal out-of-fold threshold. Label
    thresholds (``LABEL_OUTPUTS``, max over outputs) are tuned on out-of-fold scores as well.
    """
    spec = spec or FeatureSpec()
    t0 = time.time()
    fz = HashingFeaturizer(spec)
    ctexts = corpus.views if spec.char_view == "raw" else None
    fz.fit_idf(corpus.texts, min_df=min_df, char_texts=ctexts)
    X = fz.transform_hstack(corpus.texts, ctexts).astype(np.float64)
    N = X.shape[0]
    log(f"features: {N} docs x {X.shape[1]} buckets, nnz {X.nnz} ({time.time() - t0:.1f}s)")
    head_cfgs = {h.name: h for h in heads}
    for name, y in corpus.targets.items():  # feedback-only heads
        if name not in head_cfgs:
            yy = y[y >= 0]
            if min(int((yy == 1).sum()), int((yy == 0).sum())) >= MIN_FEEDBACK_EXAMPLES:
                head_cfgs[name] = HeadConfig(name, {}, C=4.0, description="trained from analyst feedback only")
            else:
                log(f"head {name}: not enough feedback examples, skipped")
    names = [n for n in head_cfgs if n in corpus.targets and (corpus.targets[n] >= 0).any()]
    names = [n for n in names if head_cfgs[n].given is None or head_cfgs[n].given in names]
    names.sort(key=lambda n: head_cfgs[n].given is not None)  # plain heads first

    def train_rows(hname: str) -> np.ndarray:
        y = corpus.targets[hname]
        ok = y >= 0
        g = head_cfgs[hname].given
        if g is not None:
            ok &= corpus.targets[g] == 1
        return np.flatnonzero(ok)

    jobs = []
    for hname in names:
        idx = train_rows(hname)
        cfg = head_cfgs[hname]
        jobs.append((X[idx], corpus.targets[hname][idx].astype(np.int64), cfg.C, cfg.nb, seed))
    fits = dict(zip(names, _parallel(_fit_linear, jobs, n_jobs), strict=True))
    log(f"fitted {len(names)} heads ({time.time() - t0:.1f}s)")

    calib: dict[str, tuple[float, float]] = {}
    thresholds: dict[str, float] = {}
    oof_metrics: dict[str, dict] = {}
    oof_p: dict[str, np.ndarray] = {}  # calibrated out-of-fold probability of every output, all rows
    if calibrate:
        cjobs = []
        plan = []
        for hname in names:
            cfg = head_cfgs[hname]
            dom = np.flatnonzero(corpus.targets[cfg.given if cfg.given else hname] >= 0)
            yd = corpus.targets[hname][dom]
            folds = kfold_groups([corpus.keys[i] for i in dom], calib_folds, seed, np.maximum(yd, 0))
            for f in folds:
                tr = np.setdiff1d(np.arange(len(dom)), f)
                tr = tr[np.isin(dom[tr], train_rows(hname))]
                cjobs.append((X[dom[tr]], corpus.targets[hname][dom[tr]].astype(np.int64), cfg.C, cfg.nb, seed))
                plan.append((hname, dom[f]))
        cfits = _parallel(_fit_linear, cjobs, n_jobs)
        oof_z: dict[str, np.ndarray] = {}
        for hname in names:
            coef, b = fits[hname]
            oof_z[hname] = X @ coef + b  # rows outside the head's domain: the final model never saw them
        for (hname, rows), (coef, b) in zip(plan, cfits, strict=True):
            oof_z[hname][rows] = X[rows] @ coef + b
        for hname in names:
            rows = train_rows(hname)
            y = corpus.targets[hname][rows].astype(np.int64)
            a, c = _platt(oof_z[hname][rows], y)
            calib[hname] = (a, c)
            oof_p[hname] = 1 / (1 + np.exp(-(a * oof_z[hname] + c)))
        for hname in names:  # outputs and their thresholds
            cfg = head_cfgs[hname]
            p = oof_p[hname] * oof_p[cfg.given] if cfg.given else oof_p[hname]
            dom = np.flatnonzero(corpus.targets[hname] >= 0)
            y = corpus.targets[hname][dom].astype(np.int64)
            if cfg.given or tune_thresholds:
                thr = _best_threshold(y, p[dom])
            else:
                thr = float(1 / (1 + np.exp(-calib[hname][1])))  # boundary of the balanced model (z = 0)
            thresholds[hname] = round(thr, 4)
            pr, rc, f1 = _f1(y, (p[dom] >= thr).astype(int))
            oof_metrics[hname] = {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f1, 4),
                                  "n": int(len(dom)), "positives": int(y.sum()), "folds": calib_folds}
            oof_p[f"out:{hname}"] = p
            log(f"  {hname}: OOF P {pr:.3f} R {rc:.3f} F1 {f1:.3f} thr {thr:.3f} ({time.time() - t0:.1f}s)")
    else:
        for hname in names:
            calib[hname] = (1.0, 0.0)
            thresholds[hname] = 0.5
    # pantau labels: max over their outputs, threshold tuned out of fold where the first output is labelled
    label_heads: dict[str, list[str]] = {}
    for lab, outs in LABEL_OUTPUTS.items():
        outs = [o for o in outs if o in names]
        if outs:
            label_heads[lab] = outs
    for lab, head in FEEDBACK_TO_HEAD.items():
        if head in names and lab not in label_heads:
            label_heads[lab] = [head]
    label_thresholds: dict[str, float] = {}
    label_oof: dict[str, dict] = {}
    for lab, outs in label_heads.items():
        if len(outs) == 1 or not calibrate:
            label_thresholds[lab] = thresholds[outs[0]]
            continue
        dom = np.flatnonzero(corpus.targets[outs[0]] >= 0)
        y = corpus.targets[outs[0]][dom].astype(np.int64)
        p = np.max(np.stack([oof_p[f"out:{o}"][dom] for o in outs]), axis=0)
        thr = _best_threshold(y, p)
        label_thresholds[lab] = round(thr, 4)
        pr, rc, f1 = _f1(y, (p >= thr).astype(int))
        label_oof[lab] = {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f1, 4),
                          "target": outs[0], "outputs": outs}
        log(f"  label {lab} = max{tuple(outs)}: OOF F1 {f1:.3f} on '{outs[0]}' rows, thr {thr:.3f}")
    nw = fz.n_word
    H = len(names)
    w_word = np.zeros((nw, H), dtype=np.float32)
    w_char = np.zeros((fz.n_char, H), dtype=np.float32)
    bias = np.zeros(H, dtype=np.float32)
    for j, hname in enumerate(names):
        coef, b = fits[hname]
        w_word[:, j] = (coef[:nw] * fz.idf_word).astype(np.float32)
        w_char[:, j] = (coef[nw:] * fz.idf_char).astype(np.float32)
        bias[j] = b
    meta = {
        "version": MODEL_VERSION,
        "created_by": "pantau.detection.training.train_model",
        "seed": seed,
        "heads_info": {n: {"description": head_cfgs[n].description, "sources": head_cfgs[n].sources,
                           "C": head_cfgs[n].C, "nb": head_cfgs[n].nb, "given": head_cfgs[n].given,
                           "threshold": thresholds.get(n), "oof": oof_metrics.get(n)} for n in names},
        "conditional": {n: head_cfgs[n].given for n in names if head_cfgs[n].given},
        "label_heads": label_heads,
        "label_oof": label_oof,
        "training_data": corpus.hashes,
        "training_rows": N,
        "min_df": min_df,
        "train_seconds": round(time.time() - t0, 1),
    }
    # the file stores float16 weights: round here so that the in-memory model scores exactly like the saved one
    w_word = w_word.astype(np.float16).astype(np.float32)
    w_char = w_char.astype(np.float16).astype(np.float32)
    idf_w = fz.idf_word.astype(np.float16).astype(np.float32)
    idf_c = fz.idf_char.astype(np.float16).astype(np.float32)
    return LinearModel(
        spec=spec, heads=names, idf_word=idf_w, idf_char=idf_c,
        w_word=w_word, w_char=w_char, bias=bias,
        calib_a=np.array([calib[n][0] for n in names]), calib_b=np.array([calib[n][1] for n in names]),
        thresholds={**label_thresholds, **{f"head:{n}": thresholds[n] for n in thresholds}}, meta=meta,
    )


# ----------------------------------------------------------------------------------------------- evaluation

def _baseline_predict(raw_tr: list[str], y_tr: np.ndarray, raw_te: list[str], seed: int) -> np.ndarray:
    """Plain TF-IDF (word 1-2 + char 2-5) + logistic regression, sklearn defaults except C=4 and balanced
    class weights (settings that reproduce the issue's reference numbers)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_union

    vec = make_union(TfidfVectorizer(ngram_range=(1, 2)), TfidfVectorizer(analyzer="char", ngram_range=(2, 5)))
    Xtr = vec.fit_transform(raw_tr)
    Xte = vec.transform(raw_te)
    out = np.zeros((len(raw_te), y_tr.shape[1]), dtype=np.int8)
    for j in range(y_tr.shape[1]):
        m = LogisticRegression(C=4.0, class_weight="balanced", solver="liblinear", max_iter=2000,
                               random_state=seed)
        m.fit(Xtr, y_tr[:, j])
        out[:, j] = m.predict(Xte)
    return out


def _ours_predict(texts_tr: list[str], Y_tr: np.ndarray, texts_te: list[str], cfgs: list[HeadConfig],
                  spec: FeatureSpec, seed: int, min_df: int, views_tr: list[str] | None = None,
                  views_te: list[str] | None = None) -> np.ndarray:
    fz = HashingFeaturizer(spec)
    raw = spec.char_view == "raw"
    fz.fit_idf(texts_tr, min_df=min_df, char_texts=views_tr if raw else None)
    Xtr = fz.transform_hstack(texts_tr, views_tr if raw else None).astype(np.float64)
    Xte = fz.transform_hstack(texts_te, views_te if raw else None).astype(np.float64)
    out = np.zeros((len(texts_te), Y_tr.shape[1]), dtype=np.int8)
    for j, cfg in enumerate(cfgs):
        coef, b = _fit_linear(Xtr, Y_tr[:, j], cfg.C, cfg.nb, seed)
        out[:, j] = (Xte @ coef + b >= 0).astype(np.int8)
    return out


def _fold_job(kind: str, tr: np.ndarray, te: np.ndarray, corpus: Corpus, Y: np.ndarray,
              cfgs: list[HeadConfig], spec: FeatureSpec, seed: int, min_df: int) -> tuple[str, np.ndarray]:
    if kind == "baseline":
        return kind, _baseline_predict([corpus.raw[i] for i in tr], Y[tr], [corpus.raw[i] for i in te], seed)
    # ours: the full shipped training procedure (calibration and thresholds learned inside the training fold)
    heads = {c.name: c for c in cfgs}
    for c in cfgs:
        if c.given and c.given not in heads:
            heads[c.given] = next(h for h in HEADS if h.name == c.given)
    model = train_model(corpus.subset(tr), heads=list(heads.values()), spec=spec, seed=seed, n_jobs=1,
                        min_df=min_df)
    p = model.predict_proba([corpus.texts[i] for i in te], [corpus.views[i] for i in te])
    out = np.zeros((len(te), len(cfgs)), dtype=np.int8)
    for j, c in enumerate(cfgs):
        h = model.heads.index(c.name)
        out[:, j] = (p[:, h] >= model.thresholds[f"head:{c.name}"]).astype(np.int8)
    return kind, out


def _metrics(Y: np.ndarray, P: np.ndarray, labels: Sequence[str]) -> dict[str, dict[str, float]]:
    out = {}
    for j, lab in enumerate(labels):
        p, r, f = _f1(Y[:, j], P[:, j])
        out[lab] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": int(Y[:, j].sum())}
    return out


def evaluate(
    root: str | Path | None = None,
    folds: int = 5,
    seed: int = 13,
    baseline: bool = True,
    spec: FeatureSpec | None = None,
    heads: Sequence[HeadConfig] = HEADS,
    n_jobs: int = 2,
    min_df: int = 2,
    holdout_fraction: float = 0.2,
    cross_dataset: bool = True,
    cases: bool = True,
    log: Callable[[str], None] = lambda s: None,
) -> dict:
    """The numbers printed by ``pantau eval``; returns a JSON-able dict."""
    spec = spec or FeatureSpec()
    t0 = time.time()
    cfg_by = {h.name: h for h in heads}
    report: dict = {"seed": seed, "folds": folds, "features": spec.to_dict(), "datasets": {}}
    corpus = build_corpus(("id_multilabel_hs",), root, heads)
    corpus.targets = {k: v for k, v in corpus.targets.items() if k in set(EVAL_HEAD_FOR.values())}
    labels = list(EVAL_LABELS)
    Y = np.stack([corpus.dataset_labels[f"id_multilabel_hs:{lab}"] for lab in labels], axis=1).astype(np.int64)
    cfgs = [cfg_by[EVAL_HEAD_FOR[lab]] for lab in labels]
    strat = Y[:, 0] * 8 + Y[:, 1] * 4 + Y[:, 2] * 2 + Y[:, 3]
    n_raw = len(D.load("id_multilabel_hs", root))
    log(f"id_multilabel_hs: {n_raw} rows, {len(corpus)} after de-duplication")
    fold_idx = kfold_groups(corpus.keys, folds, seed, strat)
    jobs = []
    for te in fold_idx:
        tr = np.setdiff1d(np.arange(len(corpus)), te)
        jobs.append(("ours", tr, te, corpus, Y, cfgs, spec, seed, min_df))
        if baseline:
            jobs.append(("baseline", tr, te, corpus, Y, cfgs, spec, seed, min_df))
    tr_h, te_h = holdout_split(corpus.keys, holdout_fraction, seed, strat)
    jobs.append(("ours", tr_h, te_h, corpus, Y, cfgs, spec, seed, min_df))
    if baseline:
        jobs.append(("baseline", tr_h, te_h, corpus, Y, cfgs, spec, seed, min_df))
    res = _parallel(_fold_job, jobs, n_jobs)
    cv = {"ours": np.zeros_like(Y), "baseline": np.zeros_like(Y)}
    per_fold = 2 if baseline else 1
    for fi, te in enumerate(fold_idx):
        for kind, pred in res[fi * per_fold:(fi + 1) * per_fold]:
            cv[kind][te] = pred
    hold = {kind: pred for kind, pred in res[folds * per_fold:]}
    ds = {
        "rows": n_raw, "rows_dedup": len(corpus),
        "cv": {"ours": _metrics(Y, cv["ours"], labels)},
        "holdout": {"ours": _metrics(Y[te_h], hold["ours"], labels), "train_rows": int(len(tr_h)),
                    "test_rows": int(len(te_h))},
        "published": D.DATASETS["id_multilabel_hs"]["published"],
        "licence": D.DATASETS["id_multilabel_hs"]["licence"],
    }
    if baseline:
        ds["cv"]["baseline"] = _metrics(Y, cv["baseline"], labels)
        ds["holdout"]["baseline"] = _metrics(Y[te_h], hold["baseline"], labels)
    report["datasets"]["id_multilabel_hs"] = ds
    log(f"id_multilabel_hs CV + hold-out done ({time.time() - t0:.0f}s)")
    if cross_dataset:
        report["cross_dataset"] = _cross_dataset(root, spec, cfg_by, seed, min_df, log)
        log(f"cross-dataset done ({time.time() - t0:.0f}s)")
    if cross_dataset:
        report["hoax"] = evaluate_hoax(root, spec, seed, min_df)
        log(f"hoax sets done ({time.time() - t0:.0f}s)")
    if cases:
        report["case_sets"] = evaluate_case_sets()
        report["flag_rates"] = flag_rates(root)
    report["seconds"] = round(time.time() - t0, 1)
    return report


def evaluate_hoax(root=None, spec: FeatureSpec | None = None, seed: int = 13, min_df: int = 2) -> dict:
    """Why no hoax head is shipped: the hoax sets, each evaluated on its own and across sets.

    * id_falsenews_pilpres2019 (gold train tweets only): false or misleading vs true, 5-fold CV grouped by the
      fact-check topic (SOURCE.md: train/test share topics);
    * id_hoax_news_pratiwi (600 articles): hoax vs valid, 5-fold CV;
    * hoax_pilpres24_headlines (label = source): trained on it, tested on the falsenews gold tweets.
    """
    spec = spec or FeatureSpec()
    cfg = HeadConfig("hoax", {}, C=4.0)
    out: dict = {}

    def prep(exs):
        ns = [normalise(e.text) for e in exs]
        return [n.text for n in ns], [n.view for n in ns]

    def cv(exs, groups, label):
        texts, views = prep(exs)
        y = np.array([e.labels[label] for e in exs], dtype=np.int64)
        folds = kfold_groups(groups, 5, seed, y)
        pred = np.zeros(len(y), dtype=np.int64)
        for te in folds:
            tr = np.setdiff1d(np.arange(len(y)), te)
            pred[te] = _ours_predict([texts[i] for i in tr], y[tr][:, None], [texts[i] for i in te], [cfg], spec,
                                     seed, min_df, [views[i] for i in tr], [views[i] for i in te])[:, 0]
        p, r, f = _f1(y, pred)
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "accuracy": round(float((pred == y).mean()), 4), "n": int(len(y)), "positives": int(y.sum())}

    try:
        fn = D.load("id_falsenews_pilpres2019", root)
        out["id_falsenews_pilpres2019 (gold tweets, topic-grouped 5-fold)"] = cv(fn, [e.group for e in fn],
                                                                                 "false_or_misleading")
    except FileNotFoundError:
        fn = []
    try:
        pr = D.load("id_hoax_news_pratiwi", root)
        out["id_hoax_news_pratiwi (600 articles, 5-fold)"] = cv(pr, [dedup_key(normalise_text(e.text))[:200]
                                                                     for e in pr], "hoax")
    except FileNotFoundError:
        pass
    try:
        h24 = D.load("hoax_pilpres24_headlines", root)
        if fn:
            tt, tv = prep(h24)
            et, ev = prep(fn)
            y_tr = np.array([e.labels["hoax"] for e in h24], dtype=np.int64)
            y_te = np.array([e.labels["false_or_misleading"] for e in fn], dtype=np.int64)
            pred = _ours_predict(tt, y_tr[:, None], et, [cfg], spec, seed, min_df, tv, ev)[:, 0]
            p, r, f = _f1(y_te, pred)
            out["hoax_pilpres24_headlines -> id_falsenews_pilpres2019 gold (transfer)"] = {
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "accuracy": round(float((pred == y_te).mean()), 4), "n": int(len(y_te)), "positives": int(y_te.sum())}
    except FileNotFoundError:
        pass
    return out


def flag_rates(root=None, limit: int = 4000) -> dict:
    """Share of texts flagged per label on corpora that are (almost) free of election violations.

    None of these corpora is about a Pilkada; money-politics, neutrality and incitement flags there are
    (nearly all) false positives, so the rate is an upper bound of the false-positive rate of those rules.
    """
    from .engine import Detector

    det = Detector()
    out = {}
    sources = {"id_multilabel_hs (tweets 2017-18)": "id_multilabel_hs", "netifier (Twitter/IG/Kaskus)": "netifier",
               "hoax_pilpres24_headlines": "hoax_pilpres24_headlines", "id_hoax_news_pratiwi (news)": "id_hoax_news_pratiwi"}
    for title, name in sources.items():
        try:
            texts = [e.text for e in D.load(name, root)][:limit]
        except FileNotFoundError:
            continue
        res = det.analyse_many(texts)
        out[title] = {"n": len(texts), **{lab: round(sum(lab in a.labels for a in res) / len(texts), 4)
                                          for lab in LABELS}}
    smsa = D.dataset_root(root) / "indonlu_smsa" / "train_preprocess.tsv"
    if smsa.is_file():
        texts = [ln.split("\t")[0] for ln in smsa.read_text(encoding="utf-8").splitlines()[:limit]]
        res = det.analyse_many(texts)
        out["indonlu_smsa (reviews)"] = {"n": len(texts), **{lab: round(sum(lab in a.labels for a in res) / len(texts), 4)
                                                             for lab in LABELS}}
    return out


def _cross_dataset(root, spec: FeatureSpec, cfg_by: dict[str, HeadConfig], seed: int, min_df: int,
                   log: Callable[[str], None]) -> dict:
    """Generalisation: train on one platform's corpus, test on another's (de-duplicated across both)."""
    out = {}
    try:
        both = build_corpus(("id_multilabel_hs", "netifier"), root, tuple(cfg_by.values()))
    except FileNotFoundError as e:
        return {"skipped": str(e)}
    src = np.array(both.sources)
    # texts present in both corpora are removed from the test side
    tr_keys = {k for k, s in zip(both.keys, both.sources, strict=True) if s == "id_multilabel_hs"}
    tr = np.flatnonzero(src == "id_multilabel_hs")
    te = np.array([i for i in np.flatnonzero(src == "netifier") if both.keys[i] not in tr_keys])
    y_tr = both.dataset_labels["id_multilabel_hs:HS_Religion"][tr] | both.dataset_labels["id_multilabel_hs:HS_Race"][tr]
    y_te = both.dataset_labels["netifier:sara"][te]
    pred = _ours_predict([both.texts[i] for i in tr], y_tr[:, None].astype(np.int64), [both.texts[i] for i in te],
                         [cfg_by["sara"]], spec, seed, min_df, [both.views[i] for i in tr],
                         [both.views[i] for i in te])
    p, r, f = _f1(y_te.astype(np.int64), pred[:, 0])
    out["sara: train id_multilabel_hs (HS_Religion|HS_Race, Twitter) -> test netifier sara (Twitter/Instagram/Kaskus)"] = {
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "test_rows": int(len(te)),
        "support": int(y_te.sum())}
    # netifier by platform: train on Twitter (short posts), test on Kaskus (long forum posts)
    plat = []
    exs = D.load("netifier", root)
    pl_by_key = {}
    for e in exs:
        pl_by_key.setdefault(dedup_key(normalise_text(e.text)), e.meta.get("platform"))
    net = np.flatnonzero(src == "netifier")
    plat = np.array([pl_by_key.get(both.keys[i], "") for i in net])
    tr2 = net[plat == "twitter"]
    te2 = net[plat == "kaskus"]
    for lab, head in (("sara", "sara"), ("pencemaran_nama_baik", "defamation")):
        y = both.dataset_labels[f"netifier:{lab}"]
        pred = _ours_predict([both.texts[i] for i in tr2], y[tr2][:, None].astype(np.int64),
                             [both.texts[i] for i in te2], [cfg_by[head]], spec, seed, min_df,
                             [both.views[i] for i in tr2], [both.views[i] for i in te2])
        p, r, f = _f1(y[te2].astype(np.int64), pred[:, 0])
        out[f"netifier {lab}: train Twitter -> test Kaskus (long forum posts)"] = {
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "test_rows": int(len(te2)),
            "support": int(y[te2].sum())}
    return out


# ----------------------------------------------------------------------------------------------- cases

# Hand-written case files shipped with the package, oldest first. Once a set's misses have been used to change the
# rules it is a development set: only a set never used for tuning measures generalisation.
CASE_SETS: tuple[tuple[str, str, str], ...] = (
    ("dev", "data/jambi_cases.jsonl", "development set, written together with the rules"),
    ("holdout1", "data/jambi_cases_holdout.jsonl",
     "hold-out 1 (Tebo/Kota Jambi, written before evaluating); its misses widened the rules on 2026-11-29, "
     "so it is a development set since"),
    ("holdout2", "data/jambi_cases_holdout2.jsonl",
     "hold-out 2 (written blind by another author: other regencies and provinces); its misses widened the rules "
     "on 2026-11-29, so it is a development set since"),
    ("holdout3", "data/jambi_cases_holdout3.jsonl",
     "hold-out 3 (written blind: all Jambi regencies, 27 cases from other provinces); measured once before any "
     "change it motivated (exact match 0.586), then its misses widened the rules: a development set since"),
    ("holdout4", "data/jambi_cases_holdout4.jsonl",
     "hold-out 4 (written blind: Bawaslu report forms, long posts, coded phrasing, other provinces); measured "
     "once before any change it motivated (exact match 0.510), then its misses widened the rules: a development "
     "set since"),
    ("holdout5", "data/jambi_cases_holdout5.jsonl",
     "hold-out 5 (written blind: everyday, coded and long texts, other provinces); measured once before any "
     "change it motivated (exact match 0.598), then its misses widened the rules: a development set since"),
    ("holdout6", "data/jambi_cases_holdout6.jsonl",
     "hold-out 6 (written blind: everyday, coded and long texts, other provinces); never used for tuning: the "
     "honest figure for text the detector has not seen"),
)


def evaluate_case_sets(detector=None) -> dict[str, dict]:
    """:func:`evaluate_cases` on every packaged case set that is present, with its description."""
    out = {}
    for name, rel, description in CASE_SETS:
        path = resources.files(__package__).joinpath(rel)
        if path.is_file():
            out[name] = {"description": description, "file": rel, **evaluate_cases(str(path), detector)}
    return out


def load_cases(path: str | Path | None = None) -> tuple[dict, list[dict]]:
    """Hand-written synthetic Jambi cases (fictional names) shipped with the package.

    Returns ``(registry, cases)``: the first JSON line of the file holds ``{"registry": {...}}``.
    """
    if path is None:
        data = resources.files(__package__).joinpath("data/jambi_cases.jsonl").read_text(encoding="utf-8")
    else:
        data = Path(path).read_text(encoding="utf-8")
    rows = [json.loads(line) for line in data.splitlines() if line.strip() and not line.startswith("#")]
    registry: dict = {}
    if rows and "registry" in rows[0]:
        registry = rows.pop(0)["registry"]
    return registry, rows


def evaluate_cases(path: str | Path | None = None, detector=None) -> dict:
    """Per-label precision/recall/F1 of the full detector (rules + model) on the hand-written cases."""
    from .engine import Detector

    registry, cases = load_cases(path)
    det = detector or Detector(registry=registry or None)
    res = det.analyse_many([c["text"] for c in cases], [c.get("context") for c in cases])
    out: dict = {"cases": len(cases), "labels": {}}
    errors = []
    for lab in LABELS:
        y = np.array([int(lab in c["labels"]) for c in cases])
        p = np.array([int(lab in a.labels) for a in res])
        pr, rc, f = _f1(y, p)
        out["labels"][lab] = {"precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f, 4),
                              "support": int(y.sum())}
    exact = 0
    for c, a in zip(cases, res, strict=True):
        ok = sorted(c["labels"]) == sorted(a.labels)
        if "flags" in c:
            ok = ok and sorted(c["flags"]) == sorted(f for f in a.flags if f == "masa_tenang")
        exact += ok
        if not ok:
            errors.append({"text": c["text"][:120], "expected": c["labels"] + c.get("flags", []),
                           "got": a.labels + [f for f in a.flags if f == "masa_tenang"],
                           "scores": {k: v for k, v in a.scores.items() if v > 0.2}})
    out["exact_match"] = round(exact / max(1, len(cases)), 4)
    out["errors"] = errors
    return out


_VOCAB_EXTRA = (
    "pilkada pilgub pilbup pilwako jambi tolak politik uang serangan fajar amplop bawaslu kpu paslon calon "
    "gubernur bupati wali kota coblos pilih nomor urut netral netralitas asn pns kades desa camat lurah tni polri "
    "kampanye hitam hoaks hoax sara pemilu damai awasi lawan money politic kerinci merangin sarolangun batanghari "
    "muaro muarojambi tanjab tanjabbar tanjabtim bungo tebo sungai penuh kota golput jujur adil"
).split()


def build_vocab(root: str | Path | None = None, out: str | Path | None = None, top: int = 30000) -> int:
    """Regenerate data/vocab.txt (word frequencies for hashtag segmentation) from the shared datasets."""
    import collections

    c: collections.Counter = collections.Counter()
    for name in D.DATASETS:
        try:
            exs = D.load(name, root)
        except FileNotFoundError:
            continue
        for e in exs:
            for w in re.findall(r"[a-z]{2,20}", e.text.lower()):
                c[w] += 1
    smsa = D.dataset_root(root) / "indonlu_smsa" / "train_preprocess.tsv"
    if smsa.is_file():
        for line in smsa.read_text(encoding="utf-8").splitlines():
            for w in re.findall(r"[a-z]{2,20}", line.split("\t")[0].lower()):
                c[w] += 1
    for w in _VOCAB_EXTRA:
        c[w] += 50
    items = [(w, n) for w, n in c.items() if n >= 3]
    items.sort(key=lambda x: (-x[1], x[0]))
    items = items[:top]
    dest = Path(out) if out else Path(__file__).parent / "data" / "vocab.txt"
    with open(dest, "w", encoding="utf-8") as fh:
        fh.write("# word<TAB>count: word frequencies for hashtag segmentation, counted over the training corpora\n")
        fh.write("# (../shared/datasets, plus IndoNLU SmSA) and a few election words; count>=3, top 30000.\n")
        fh.write("# Regenerate with pantau.detection.training.build_vocab().\n")
        for w, n in items:
            fh.write(f"{w}\t{n}\n")
    return len(items)
