"""Vectorised hashing of word and character n-grams (numpy only, deterministic across processes).

All n-gram hashes of a batch are computed at once from polynomial prefix sums over the code points of the
concatenated normalised texts: with ``S[k] = sum_{j<k} c[j] * Q**j (mod 2**64)`` and ``P = Q**-1``, the hash of
``text[a:b]`` is ``(S[b] - S[a]) * P**a``, the same value wherever the substring occurs. numpy's wrapping
``uint64`` arithmetic does the modular part. A salted multiplicative mix maps each hash to one of
``2**n_bits`` buckets. No Python loop runs per n-gram, which is what makes inference fast.

Feature blocks (each L2-normalised on its own, sublinear TF times IDF weights; see ``FeatureSpec.norm``):

* ``word``: word unigrams and bigrams of the normalised text;
* ``char``: character n-grams (default 3..5) over ``" " + text + " "`` (they may cross word boundaries).

The same code builds the training matrices (via scipy.sparse) and runs at inference, so the features of the
shipped model are reproduced exactly without scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

__all__ = ["FeatureSpec", "hash_batch", "HashingFeaturizer", "block_cells", "block_weights"]

_Q = np.uint64(0x100000001B3)  # odd, so invertible mod 2**64
_MIX = np.uint64(0x9E3779B97F4A7C15)
_SEP = 0  # code point used between documents


def _inverse_mod_2_64(q: int) -> int:
    return pow(q, -1, 1 << 64)


_P = np.uint64(_inverse_mod_2_64(int(_Q)))


class _Powers:
    """Cached powers Q**j and P**j (mod 2**64), grown on demand."""

    def __init__(self) -> None:
        self.q = np.ones(1, dtype=np.uint64)
        self.p = np.ones(1, dtype=np.uint64)

    def ensure(self, n: int) -> None:
        if len(self.q) >= n:
            return
        size = 1 << max(12, int(n - 1).bit_length())
        with np.errstate(over="ignore"):
            q = np.full(size, _Q, dtype=np.uint64)
            q[0] = 1
            p = np.full(size, _P, dtype=np.uint64)
            p[0] = 1
            self.q = np.cumprod(q, dtype=np.uint64)
            self.p = np.cumprod(p, dtype=np.uint64)


_POW = _Powers()


@dataclass(frozen=True)
class FeatureSpec:
    n_bits_word: int = 18
    n_bits_char: int = 18
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (3, 5)
    max_chars: int = 20000  # per document; longer texts are cut (documented cap)
    # "raw": character n-grams of the lower-cased original tokens (Normalised.view), words from the normalised
    # text; "normalised": both from the normalised text
    char_view: str = "raw"
    # "log-l2": tf = 1 + ln(count), each block divided by the L2 norm of its tf*idf row, so repeating an n-gram
    # cannot inflate a score; "l2": the same with raw counts; "occurrence": the norm of model files before
    # 2024.11-jambi-2, which counted every occurrence separately (one n-gram repeated c times scored sqrt(c) times
    # higher)
    norm: str = "log-l2"

    def to_dict(self) -> dict:
        return {"n_bits_word": self.n_bits_word, "n_bits_char": self.n_bits_char,
                "word_ngrams": list(self.word_ngrams), "char_ngrams": list(self.char_ngrams),
                "max_chars": self.max_chars, "char_view": self.char_view, "norm": self.norm,
                "hash": "poly64-prefix/v1"}

    @classmethod
    def from_dict(cls, d: dict) -> FeatureSpec:
        return cls(d["n_bits_word"], d["n_bits_char"], tuple(d["word_ngrams"]), tuple(d["char_ngrams"]),
                   d.get("max_chars", 20000), d.get("char_view", "normalised"), d.get("norm", "occurrence"))


def _bucket(h: np.ndarray, salt: int, n_bits: int) -> np.ndarray:
    with np.errstate(over="ignore"):
        x = (h ^ np.uint64(salt)) * _MIX
        x ^= x >> np.uint64(29)
        x *= _MIX
    return (x >> np.uint64(64 - n_bits)).astype(np.int64)


@dataclass
class Positions:
    """Where each occurrence of :func:`hash_batch` sits, for explanations (all indices global to the batch).

    Word n-grams index the word texts, character n-grams the character texts (which may be another view)."""

    doc_start: np.ndarray  # offset of each document's leading pad space in the concatenated word texts
    ws: np.ndarray  # word start positions (concatenated word texts)
    we: np.ndarray  # word end positions
    wdoc: np.ndarray  # document of each word
    word_first: np.ndarray  # index (into ws) of the first word of each word n-gram occurrence
    word_k: np.ndarray  # order of each word n-gram occurrence
    char_pos: np.ndarray  # start position of each char n-gram occurrence (concatenated char texts)
    char_k: np.ndarray  # order of each char n-gram occurrence
    c_doc_start: np.ndarray  # the same three for the character texts
    c_ws: np.ndarray
    c_we: np.ndarray
    c_wdoc: np.ndarray


class _Concat:
    """Code points of a batch joined as ``" " + t + " "`` with NUL separators, and their prefix hashes."""

    __slots__ = ("c", "n", "is_sep", "sep_cum", "doc", "s")

    def __init__(self, texts: list[str], cap: int) -> None:
        padded = "\x00".join(" " + (t if len(t) <= cap else t[:cap]) + " " for t in texts)
        c = np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64)
        n = len(c)
        _POW.ensure(n + 8)
        self.c = c
        self.n = n
        self.is_sep = c == _SEP
        sep_cum = np.empty(n + 1, dtype=np.int64)
        sep_cum[0] = 0
        np.cumsum(self.is_sep, out=sep_cum[1:])
        self.sep_cum = sep_cum
        self.doc = sep_cum[1:]  # document index of each position
        with np.errstate(over="ignore"):
            s = np.empty(n + 1, dtype=np.uint64)
            s[0] = 0
            np.cumsum(c * _POW.q[:n], out=s[1:])
        self.s = s

    def words(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        brk = np.flatnonzero((self.c == 32) | self.is_sep)
        w = np.flatnonzero(np.diff(brk) > 1)
        ws = brk[w] + 1
        we = brk[w + 1]
        return ws, we, self.doc[ws]

    def doc_start(self) -> np.ndarray:
        return np.concatenate(([0], np.flatnonzero(self.is_sep) + 1))


def hash_batch(texts: list[str], spec: FeatureSpec, positions: bool = False, char_texts: list[str] | None = None):
    """Return ``((word_doc, word_bucket), (char_doc, char_bucket))`` occurrence arrays for a batch.

    Word n-grams come from ``texts``; character n-grams from ``char_texts`` (another view of the same
    documents, e.g. the lower-cased original tokens) or from ``texts`` when it is None. Occurrences come out
    sorted by document (position-major), which lets the scorer sum per document with ``np.add.reduceat``
    instead of sorting. With ``positions=True`` a :class:`Positions` is appended.
    """
    cap = spec.max_chars
    W = _Concat(texts, cap)
    C = W if char_texts is None else _Concat(char_texts, cap)
    pw = _POW.p

    # ---- char n-grams, laid out [position, order] so that documents stay contiguous
    lo, hi = spec.char_ngrams
    n = C.n
    orders = [k for k in range(lo, hi + 1) if k <= n]
    kk = len(orders)
    char_pos = char_k = None
    if orders:
        s = C.s
        hashes = np.empty((n, kk), dtype=np.uint64)
        valid = np.zeros((n, kk), dtype=bool)
        for j, k in enumerate(orders):
            m = n - k + 1
            with np.errstate(over="ignore"):
                h = (s[k:n + 1] - s[:m]) * pw[:m]
                h ^= np.uint64(0x51ED0000 + k)
            hashes[:m, j] = h
            np.equal(C.sep_cum[k:n + 1], C.sep_cum[:m], out=valid[:m, j])
        idx = np.flatnonzero(valid.ravel())
        char_bkt = _bucket(hashes.ravel()[idx], 0, spec.n_bits_char)
        char_doc = C.doc[idx // kk]
        if positions:
            char_pos = idx // kk
            char_k = np.asarray(orders)[idx % kk]
    else:
        char_doc = np.zeros(0, np.int64)
        char_bkt = np.zeros(0, np.int64)

    # ---- words (maximal runs between spaces / separators); n-grams laid out [word, order]
    ws, we, wdoc = W.words()
    nw = len(ws)
    wlo, whi = spec.word_ngrams
    worders = list(range(wlo, whi + 1))
    word_first = word_k = None
    if nw and worders:
        s = W.s
        kw = len(worders)
        hashes = np.zeros((nw, kw), dtype=np.uint64)
        valid = np.zeros((nw, kw), dtype=bool)
        for j, k in enumerate(worders):
            m = nw - k + 1
            if m <= 0:
                continue
            with np.errstate(over="ignore"):
                h = (s[we[k - 1:]] - s[ws[:m]]) * pw[ws[:m]]
                h ^= np.uint64(0x30D00000 + k)
            hashes[:m, j] = h
            np.equal(wdoc[k - 1:], wdoc[:m], out=valid[:m, j])
        idx = np.flatnonzero(valid.ravel())
        word_bkt = _bucket(hashes.ravel()[idx], 0, spec.n_bits_word)
        word_doc = wdoc[idx // kw]
        if positions:
            word_first = idx // kw
            word_k = np.asarray(worders)[idx % kw]
    else:
        word_doc = np.zeros(0, np.int64)
        word_bkt = np.zeros(0, np.int64)
    out = ((word_doc, word_bkt), (char_doc, char_bkt))
    if positions:
        empty = np.zeros(0, np.int64)
        cws, cwe, cwdoc = (ws, we, wdoc) if C is W else C.words()
        out = out + (Positions(W.doc_start(), ws, we, wdoc,
                               word_first if word_first is not None else empty,
                               word_k if word_k is not None else empty,
                               char_pos if char_pos is not None else empty,
                               char_k if char_k is not None else empty,
                               C.doc_start() if C is not W else W.doc_start(), cws, cwe, cwdoc),)
    return out


def block_cells(doc: np.ndarray, bkt: np.ndarray, idf: np.ndarray, n_docs: int, norm: str = "log-l2",
                inverse: bool = False):
    """The distinct (document, bucket) cells of a block, in document order, for the ``"log-l2"`` and ``"l2"``
    norms: ``(cell_doc, cell_bkt, tf, doc_norm)``, plus ``(inverse, count)`` mapping every occurrence to its cell
    when ``inverse`` is set. ``doc_norm`` is the L2 norm of each document's tf * idf row (1 when empty)."""
    n_cols = len(idf)
    key_type = np.int32 if n_docs * n_cols < 2**31 else np.int64  # 32-bit keys sort about 1.6x faster
    found = np.unique(doc.astype(key_type) * n_cols + bkt.astype(key_type), return_inverse=inverse,
                      return_counts=True)
    cell, count = found[0], found[-1]
    cell_doc, cell_bkt = cell // n_cols, cell % n_cols
    tf = 1.0 + np.log(count) if norm == "log-l2" else count.astype(np.float64)
    x = tf * np.take(idf, cell_bkt).astype(np.float64)
    doc_norm = np.sqrt(np.bincount(cell_doc, weights=x * x, minlength=n_docs))
    doc_norm[doc_norm == 0] = 1.0
    if inverse:
        return cell_doc, cell_bkt, tf, doc_norm, found[1], count
    return cell_doc, cell_bkt, tf, doc_norm


def block_weights(doc: np.ndarray, bkt: np.ndarray, idf: np.ndarray | None, n_docs: int, n_cols: int,
                  norm: str = "log-l2") -> tuple[np.ndarray, np.ndarray]:
    """``(per_occurrence, doc_norm)`` for a feature block (see :attr:`FeatureSpec.norm`).

    A document's value for feature ``f`` is ``sum over the occurrences of f of idf_f * per_occurrence / doc_norm``,
    i.e. ``tf(count_f) * idf_f / doc_norm``: training builds the sparse matrix from it and explanations credit
    each occurrence with it, so both agree with the scores.
    """
    if len(doc) == 0:
        return np.ones(0), np.ones(n_docs)
    if idf is None:
        idf = np.ones(n_cols, dtype=np.float32)
    if norm == "occurrence":
        w = idf[bkt].astype(np.float64)
        doc_norm = np.sqrt(np.bincount(doc, weights=w * w, minlength=n_docs))
        doc_norm[doc_norm == 0] = 1.0
        return np.ones(len(doc)), doc_norm
    _, _, tf, doc_norm, inverse, count = block_cells(doc, bkt, idf, n_docs, norm, inverse=True)
    return (tf / count)[inverse], doc_norm


def _block_matrix(doc: np.ndarray, bkt: np.ndarray, n_docs: int, n_cols: int,
                  idf: np.ndarray | None, norm: str) -> sparse.csr_matrix:
    """Rows ``x_f = tf(count_f) * idf_f / doc_norm`` (:func:`block_weights`)."""
    w = idf[bkt] if idf is not None else np.ones(len(bkt), dtype=np.float32)
    per_occurrence, doc_norm = block_weights(doc, bkt, idf, n_docs, n_cols, norm)
    data = (w * per_occurrence / doc_norm[doc]).astype(np.float32)
    m = sparse.csr_matrix((data, (doc, bkt)), shape=(n_docs, n_cols), dtype=np.float32)
    m.sum_duplicates()
    return m


class HashingFeaturizer:
    """Turn normalised texts into two TF-IDF blocks (word, char) over hashed buckets."""

    def __init__(self, spec: FeatureSpec | None = None, idf_word: np.ndarray | None = None,
                 idf_char: np.ndarray | None = None) -> None:
        self.spec = spec or FeatureSpec()
        self.idf_word = idf_word
        self.idf_char = idf_char

    @property
    def n_word(self) -> int:
        return 1 << self.spec.n_bits_word

    @property
    def n_char(self) -> int:
        return 1 << self.spec.n_bits_char

    def fit_idf(self, texts: list[str], min_df: int = 1, char_texts: list[str] | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
        (wd, wb), (cd, cb) = hash_batch(texts, self.spec, char_texts=char_texts)
        n = len(texts)
        out = []
        for d, b, size in ((wd, wb, self.n_word), (cd, cb, self.n_char)):
            key = np.unique(d * size + b)  # one count per (document, bucket): document frequency
            df = np.bincount(key % size, minlength=size).astype(np.float64)
            idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
            idf[df < max(min_df, 1)] = 0.0  # unseen or too rare: the feature is switched off
            out.append(idf)
        self.idf_word, self.idf_char = out
        return self.idf_word, self.idf_char

    def transform(self, texts: list[str], char_texts: list[str] | None = None
                  ) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        (wd, wb), (cd, cb) = hash_batch(texts, self.spec, char_texts=char_texts)
        n = len(texts)
        norm = self.spec.norm
        return (_block_matrix(wd, wb, n, self.n_word, self.idf_word, norm),
                _block_matrix(cd, cb, n, self.n_char, self.idf_char, norm))

    def transform_hstack(self, texts: list[str], char_texts: list[str] | None = None) -> sparse.csr_matrix:
        xw, xc = self.transform(texts, char_texts)
        return sparse.hstack([xw, xc], format="csr")
