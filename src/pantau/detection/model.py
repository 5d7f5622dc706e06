"""The shipped linear model: safe on-disk format (numpy ``.npz`` arrays + JSON, no pickle) and fast inference.

Layout of a model directory::

    model.json   version, feature spec, heads, calibration, thresholds, training data hashes, metrics
    model.npz    idf_word, idf_char          float32 (2**bits,)  (stored sparse: index + value)
                 w_word, w_char              float16 rows of the (2**bits, n_heads) weight matrices that are
                                             non-zero (stored as row index + values), already multiplied by idf
                 bias                        float32 (n_heads,)

Loading uses ``np.load(..., allow_pickle=False)``. Inference re-implements the feature extraction
(:mod:`pantau.detection.features`) and the dot product; scikit-learn is not imported.

Scores: ``z = sum over blocks of (sum_occ W[bucket]) / sqrt(sum_occ idf[bucket]**2) + bias``; the calibrated
probability is ``sigmoid(a * z + b)`` with ``(a, b)`` fitted by Platt scaling on out-of-fold predictions.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from .features import FeatureSpec, block_cells, block_weights, hash_batch

try:  # the scoring loop in C (built at install time); the numpy code below computes the same numbers
    from . import _fastscore
except ImportError:  # pragma: no cover - only without a C compiler at install time
    _fastscore = None


def _pack(texts: list[str], cap: int) -> tuple[np.ndarray, np.ndarray]:
    """Code points of ``" " + text + " "`` for every text (cut at ``cap``), concatenated, and their offsets."""
    padded = [" " + (t if len(t) <= cap else t[:cap]) + " " for t in texts]
    offsets = np.zeros(len(padded) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in padded], out=offsets[1:])
    code_points = np.frombuffer("".join(padded).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return code_points, offsets

__all__ = ["LinearModel", "MODEL_DIR", "FORMAT_VERSION", "load_default_model"]

FORMAT_VERSION = 1
MODEL_DIR = Path(__file__).resolve().parent / "model"


@dataclass
class LinearModel:
    spec: FeatureSpec
    heads: list[str]
    idf_word: np.ndarray  # float32 (n_word,)
    idf_char: np.ndarray
    w_word: np.ndarray  # float32 (n_word, H) already multiplied by idf
    w_char: np.ndarray
    bias: np.ndarray  # float32 (H,)
    calib_a: np.ndarray  # float64 (H,)
    calib_b: np.ndarray
    thresholds: dict[str, float] = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    # ------------------------------------------------------------------ scoring
    def decision_function(self, texts: list[str], views: list[str] | None = None, engine: str | None = None
                          ) -> np.ndarray:
        """Raw linear scores, shape (n_texts, n_heads), for NORMALISED texts (and their raw views, see
        :attr:`Normalised.view`, when the model takes character n-grams from the view).

        ``engine``: ``"c"`` (the compiled loop, default when it is built), ``"numpy"`` (the reference).
        """
        if engine is None:
            engine = "c" if _fastscore is not None and self.spec.norm != "occurrence" else "numpy"
        if engine == "c":
            return self._decision_function_c(texts, views)
        n = len(texts)
        out = np.tile(self.bias, (n, 1)).astype(np.float32)
        if n == 0:
            return out
        (wd, wb), (cd, cb) = hash_batch(texts, self.spec, char_texts=self._char_texts(texts, views))
        for d, b, w, idf in ((wd, wb, self.w_word, self.idf_word), (cd, cb, self.w_char, self.idf_char)):
            if len(d) == 0:
                continue
            if self.spec.norm == "occurrence":  # model files before 2024.11-jambi-2
                counts = np.bincount(d, minlength=n)
                starts = np.zeros(n, dtype=np.int64)
                np.cumsum(counts[:-1], out=starts[1:])
                nz = counts > 0
                _, doc_norm = block_weights(d, b, idf, n, len(idf), "occurrence")
                num = np.add.reduceat(np.take(w, b, axis=0), starts[nz], axis=0)
                out[nz] += num / doc_norm[nz].astype(np.float32)[:, None]
                continue
            # one weight row per distinct (document, bucket)
            doc, bkt, tf, doc_norm = block_cells(d, b, idf, n, self.spec.norm)
            first = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
            rows = np.take(w, bkt, axis=0)  # np.take gathers rows several times faster than w[bkt]
            rows *= tf.astype(np.float32)[:, None]
            docs = doc[first]
            out[docs] += np.add.reduceat(rows, first, axis=0) / doc_norm[docs].astype(np.float32)[:, None]
        return out

    def _decision_function_c(self, texts: list[str], views: list[str] | None) -> np.ndarray:
        if _fastscore is None or self.spec.norm == "occurrence":
            raise RuntimeError("the C scoring loop is not available for this model")
        n = len(texts)
        out = np.tile(self.bias, (n, 1)).astype(np.float32)
        if n == 0:
            return out
        spec = self.spec
        word_cp, word_off = _pack(texts, spec.max_chars)
        char_texts = self._char_texts(texts, views)
        char_cp, char_off = (word_cp, word_off) if char_texts is None else _pack(char_texts, spec.max_chars)
        _fastscore.score(word_cp, word_off, char_cp, char_off, self._c_arrays[0], self._c_arrays[1],
                         self._c_arrays[2], self._c_arrays[3], out, len(self.heads), spec.n_bits_word,
                         spec.n_bits_char, spec.word_ngrams[0], spec.word_ngrams[1], spec.char_ngrams[0],
                         spec.char_ngrams[1], int(spec.norm == "log-l2"))
        return out

    @cached_property
    def _c_arrays(self) -> tuple[np.ndarray, ...]:
        """Weights and IDF as contiguous float32 arrays (made once)."""
        return tuple(np.ascontiguousarray(a, dtype=np.float32)
                     for a in (self.w_word, self.w_char, self.idf_word, self.idf_char))

    def calibrate(self, z: np.ndarray) -> np.ndarray:
        x = z * self.calib_a[None, :] + self.calib_b[None, :]
        return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))

    def _char_texts(self, texts: list[str], views: list[str] | None) -> list[str] | None:
        if self.spec.char_view == "raw":
            return views if views is not None else texts
        return None

    def predict_proba(self, texts: list[str], views: list[str] | None = None) -> np.ndarray:
        """Calibrated probability of every output (conditional heads multiplied by their condition)."""
        p = self.calibrate(self.decision_function(texts, views))
        for h, g in self.meta.get("conditional", {}).items():
            if h in self.heads and g in self.heads:
                i, j = self.heads.index(h), self.heads.index(g)
                p[:, i] *= p[:, j]
        return p

    def head_index(self, head: str) -> int:
        return self.heads.index(head)

    # ------------------------------------------------------------------ explanation
    def contributions(self, texts: list[str], heads: list[int], top: int | None = None,
                      views: list[str] | None = None) -> list[list[tuple[str, int, int, float]]]:
        """Per-word contributions (logit units) of each text to head ``heads[i]``; vectorised.

        Returns, per text, ``(space, start, end, value)`` where ``space`` is ``"n"`` for a word of the
        normalised text (credited with the word n-grams that span it) or ``"v"`` for a token of the view the
        character n-grams come from (credited with the n-grams whose middle character it holds). All values of
        a text sum to (almost exactly) its score minus the bias. With ``top``, only the ``top`` largest positive
        values of each space are returned.
        """
        n = len(texts)
        if n == 0:
            return []
        head = np.asarray(heads, dtype=np.int64)
        char_texts = self._char_texts(texts, views)
        (wd, wb), (cd, cb), P = hash_batch(texts, self.spec, positions=True, char_texts=char_texts)
        out: list[list[tuple[str, int, int, float]]] = [[] for _ in texts]
        # word n-grams -> normalised words
        nwt = len(P.ws)
        if nwt and len(wd):
            contrib = np.zeros(nwt, dtype=np.float64)
            per_occurrence, doc_norm = block_weights(wd, wb, self.idf_word, n, len(self.idf_word), self.spec.norm)
            v = self.w_word[wb, head[wd]].astype(np.float64) * per_occurrence / doc_norm[wd]
            for k in np.unique(P.word_k):
                sel = P.word_k == k
                for off in range(int(k)):
                    contrib += np.bincount(P.word_first[sel] + off, weights=v[sel] / k, minlength=nwt)[:nwt]
            self._emit(out, "n", contrib, P.ws, P.we, P.wdoc, P.doc_start, top)
        # char n-grams -> tokens of the character view
        nct = len(P.c_ws)
        if nct and len(cd):
            contrib = np.zeros(nct, dtype=np.float64)
            per_occurrence, doc_norm = block_weights(cd, cb, self.idf_char, n, len(self.idf_char), self.spec.norm)
            v = self.w_char[cb, head[cd]].astype(np.float64) * per_occurrence / doc_norm[cd]
            mid = P.char_pos + P.char_k // 2
            wi = np.searchsorted(P.c_ws, mid, side="right") - 1
            wi_c = np.clip(wi, 0, nct - 1)
            inside = (wi >= 0) & (mid < P.c_we[wi_c])
            nxt = np.clip(wi + 1, 0, nct - 1)
            reach_next = (~inside) & (wi + 1 < nct) & (P.c_ws[nxt] < P.char_pos + P.char_k)
            tgt = np.where(inside, wi_c, np.where(reach_next, nxt, wi_c))
            ok = ((wi >= 0) | reach_next) & (P.c_wdoc[tgt] == cd)
            contrib += np.bincount(tgt[ok], weights=v[ok], minlength=nct)[:nct]
            self._emit(out, "v" if char_texts is not None else "n", contrib, P.c_ws, P.c_we, P.c_wdoc,
                       P.c_doc_start, top)
        return out

    @staticmethod
    def _emit(out, space: str, contrib, ws, we, wdoc, doc_start, top: int | None) -> None:
        sel = np.arange(len(contrib))
        if top is not None:
            sel = sel[contrib > 0]
            order = np.lexsort((-contrib[sel], wdoc[sel]))
            sel = sel[order]
            d = wdoc[sel]
            if len(sel):
                first = np.r_[0, np.flatnonzero(np.diff(d)) + 1]
                rank = np.arange(len(sel)) - np.repeat(first, np.diff(np.r_[first, len(sel)]))
                sel = sel[rank < top]
        rel_s = (ws[sel] - doc_start[wdoc[sel]] - 1).tolist()
        rel_e = (we[sel] - doc_start[wdoc[sel]] - 1).tolist()
        for d, a, b, c in zip(wdoc[sel].tolist(), rel_s, rel_e, contrib[sel].tolist(), strict=True):
            out[d].append((space, a, b, c))

    def token_contributions(self, text: str, head: str, view: str | None = None) -> list[tuple[str, int, int, float]]:
        """Contribution of each word of ``text`` (and of its view) to ``head`` (see :meth:`contributions`)."""
        return self.contributions([text], [self.head_index(head)], views=[view] if view is not None else None)[0]

    # ------------------------------------------------------------------ persistence
    def save(self, directory: str | os.PathLike) -> None:
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        arrays: dict[str, np.ndarray] = {"bias": self.bias.astype(np.float32)}
        for name, w, idf in (("word", self.w_word, self.idf_word), ("char", self.w_char, self.idf_char)):
            rows = np.flatnonzero(np.any(w != 0, axis=1)).astype(np.int32)
            arrays[f"w_{name}_rows"] = rows
            arrays[f"w_{name}_vals"] = w[rows].astype(np.float16)
            irows = np.flatnonzero(idf != 0).astype(np.int32)
            arrays[f"idf_{name}_rows"] = irows
            arrays[f"idf_{name}_vals"] = idf[irows].astype(np.float16)
        np.savez_compressed(d / "model.npz", **arrays)
        meta = dict(self.meta)
        meta.update({
            "format_version": FORMAT_VERSION,
            "features": self.spec.to_dict(),
            "heads": self.heads,
            "calibration": {h: {"a": float(a), "b": float(b)} for h, a, b in
                            zip(self.heads, self.calib_a, self.calib_b, strict=True)},
            "thresholds": self.thresholds,
        })
        (d / "model.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False, sort_keys=False) + "\n",
                                      encoding="utf-8")

    @classmethod
    def load(cls, directory: str | os.PathLike = MODEL_DIR) -> LinearModel:
        d = Path(directory)
        meta = json.loads((d / "model.json").read_text(encoding="utf-8"))
        if meta.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"unsupported model format {meta.get('format_version')!r}")
        spec = FeatureSpec.from_dict(meta["features"])
        heads = list(meta["heads"])
        nh = len(heads)
        with np.load(d / "model.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        mats = {}
        for name, bits in (("word", spec.n_bits_word), ("char", spec.n_bits_char)):
            size = 1 << bits
            w = np.zeros((size, nh), dtype=np.float32)
            w[arrays[f"w_{name}_rows"]] = arrays[f"w_{name}_vals"].astype(np.float32)
            idf = np.zeros(size, dtype=np.float32)
            idf[arrays[f"idf_{name}_rows"]] = arrays[f"idf_{name}_vals"].astype(np.float32)
            mats[name] = (w, idf)
        cal = meta["calibration"]
        return cls(
            spec=spec, heads=heads,
            idf_word=mats["word"][1], idf_char=mats["char"][1],
            w_word=mats["word"][0], w_char=mats["char"][0],
            bias=arrays["bias"].astype(np.float32),
            calib_a=np.array([cal[h]["a"] for h in heads], dtype=np.float64),
            calib_b=np.array([cal[h]["b"] for h in heads], dtype=np.float64),
            thresholds={k: float(v) for k, v in meta.get("thresholds", {}).items()},
            meta={k: v for k, v in meta.items() if k not in ("features", "heads", "calibration", "thresholds")},
        )

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "unknown"))


_DEFAULT: LinearModel | None = None
_DEFAULT_FAILED = False


def load_default_model() -> LinearModel | None:
    """The model shipped in ``pantau/detection/model/`` (cached), or None if it is missing."""
    global _DEFAULT, _DEFAULT_FAILED
    if _DEFAULT is None and not _DEFAULT_FAILED:
        try:
            _DEFAULT = LinearModel.load(MODEL_DIR)
        except FileNotFoundError:
            _DEFAULT_FAILED = True
    return _DEFAULT
