"""Near-duplicate grouping with MinHash LSH (datasketch), incremental and serialisable.

How an item is assigned (:meth:`NearDupIndex.add`):

1. The text is normalised (:func:`pantau.ingest.items.normalize_text`, then URLs, mentions, punctuation and
   emoji dropped) and split into words. Texts that normalise to the same words are exact duplicates: they
   join the group of the first one at once, without any hashing (the common case for forwarded hoaxes).
2. Otherwise the word shingles (``shingle_size`` consecutive words, default 2; a text shorter than that
   uses its single words) get a datasketch ``MinHash`` (``num_perm`` = 128, scheme ``affine32``, seed 1,
   shingles hashed with CRC-32), a signature of 128 unsigned 32-bit integers.
3. LSH banding (``b`` bands of ``r`` rows, chosen by datasketch's optimiser for the threshold with false
   negatives weighted 0.9 against false positives 0.1: 20 bands of 6 rows for 0.7, which makes a pair at
   Jaccard 0.7 a candidate with probability 0.92 and at 0.8 with 0.998) finds candidate groups; their representatives' signatures are compared with this one and the most similar
   group whose estimated Jaccard similarity is at least ``threshold`` (default **0.7**) is joined; if none
   qualifies, the item starts a new group whose id is the item's id.
4. An item becomes a new *representative* of its group (indexed in the bands) only when it is less than
   ``represent_threshold`` (0.9) similar to the representative it matched, so near-identical copies do not
   grow the index; drifting variants of a hoax do, and later variants can match any of them.

A Jaccard similarity of 0.7 on word bigrams means roughly: the same message with a few words added,
dropped or changed (a different kecamatan name, "50rb" vs "50 ribu", "Sebarkan!!" in front). Two different
messages about the same topic stay well below it.

The signature (:meth:`NearDupIndex.signature`) is a plain list of ints, stable across processes and
machines for the same :data:`SIGNATURE_SCHEME`, so a database can store it and rebuild the index with
:meth:`NearDupIndex.add_signature` after a restart.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

from pantau.ingest.items import normalize_text

DEFAULT_THRESHOLD = 0.7
DEFAULT_NUM_PERM = 128
DEFAULT_SHINGLE_SIZE = 2
SEED = 1
SCHEME = "affine32"
#: Identifies how signatures are made; store it next to stored signatures.
SIGNATURE_SCHEME = f"minhash:{SCHEME}:crc32:seed{SEED}"

_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_MENTION_RE = re.compile(r"[@#](\w+)")
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Words of the normalised text: URLs dropped, ``@``/``#`` stripped, punctuation and emoji removed."""
    t = normalize_text(text)
    t = _URL_RE.sub(" ", t)
    t = _MENTION_RE.sub(r"\1", t)
    return _WORD_RE.findall(t)


def shingles(words: list[str], k: int = DEFAULT_SHINGLE_SIZE) -> list[bytes]:
    if not words:
        return []
    if len(words) < k:
        return [" ".join(words).encode("utf-8")]
    return list({" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)})


def _crc32(b: bytes) -> int:
    return zlib.crc32(b)


_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def _fmix32(hv: np.ndarray) -> np.ndarray:
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> s1)
    hv = hv * m1
    hv = hv ^ (hv >> s2)
    hv = hv * m2
    return hv ^ (hv >> s3)


class MinHasher:
    """datasketch MinHash (scheme ``affine32``) with fixed permutations and CRC-32 shingle hashing.

    :meth:`minhash` builds a real ``datasketch.MinHash``; :meth:`signature` and :meth:`signatures` compute
    the same hash values directly with numpy (a test checks they are identical), the batch version for
    many texts in one vectorised pass, which is several times faster than one ``MinHash`` per text.
    """

    def __init__(self, num_perm: int = DEFAULT_NUM_PERM, seed: int = SEED):
        self.num_perm = num_perm
        self.seed = seed
        self._perms = MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations
        self._a = np.ascontiguousarray(self._perms[0], dtype=np.uint32)
        self._b = np.ascontiguousarray(self._perms[1], dtype=np.uint32)

    def minhash(self, shingle_list: Iterable[bytes]) -> MinHash:
        m = MinHash(
            num_perm=self.num_perm, seed=self.seed, hashfunc=_crc32, permutations=self._perms, scheme=SCHEME
        )
        m.update_batch(list(shingle_list))
        return m

    def signature(self, shingle_list: Iterable[bytes]) -> np.ndarray:
        sh = list(shingle_list)
        if not sh:
            return np.full(self.num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
        hv = _fmix32(np.fromiter(map(zlib.crc32, sh), dtype=np.uint32, count=len(sh)))
        with np.errstate(over="ignore"):
            return (hv[:, None] * self._a + self._b).min(axis=0)

    def signatures(self, shingle_lists: list[list[bytes]]) -> np.ndarray:
        """Signatures of many shingle lists at once: an ``(n, num_perm)`` uint32 array (rows of empty
        lists are all ``2**32 - 1``)."""
        n = len(shingle_lists)
        out = np.full((n, self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        lengths = np.fromiter((len(s) for s in shingle_lists), dtype=np.int64, count=n)
        nonempty = np.flatnonzero(lengths)
        if nonempty.size == 0:
            return out
        flat = [b for i in nonempty.tolist() for b in shingle_lists[i]]
        hv = _fmix32(np.fromiter(map(zlib.crc32, flat), dtype=np.uint32, count=len(flat)))
        with np.errstate(over="ignore"):
            phv = self._a[:, None] * hv[None, :] + self._b[:, None]  # (num_perm, shingles): reduce along rows
        offsets = np.concatenate(([0], np.cumsum(lengths[nonempty])[:-1]))
        out[nonempty] = np.minimum.reduceat(phv, offsets, axis=1).T
        return out


def jaccard_estimate(a: Iterable[int], b: Iterable[int]) -> float:
    x = np.asarray(list(a) if not isinstance(a, np.ndarray) else a)
    y = np.asarray(list(b) if not isinstance(b, np.ndarray) else b)
    if x.shape != y.shape or x.size == 0:
        raise ValueError("signatures of different lengths")
    return float(np.count_nonzero(x == y)) / x.size


def exact_key(words: list[str]) -> int:
    """A hash of the normalised words, stable across processes (unlike ``hash()``, which is salted)."""
    digest = hashlib.blake2b("\x1f".join(words).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


@dataclass(frozen=True)
class Sketch:
    """What the index needs to place a text, computed without the index. ``signature`` is None (and
    ``exact_key`` too) for a text with no words."""

    exact_key: int | None
    signature: np.ndarray | None

    def to_bytes(self) -> bytes:
        """8 bytes of exact key + the signature as uint32 little-endian; empty for a text with no words."""
        if self.signature is None:
            return b""
        return self.exact_key.to_bytes(8, "little") + np.asarray(self.signature, dtype="<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Sketch:
        if not data:
            return cls(None, None)
        return cls(int.from_bytes(data[:8], "little"), np.frombuffer(data[8:], dtype="<u4").astype(np.uint32))


@dataclass(slots=True)
class Assignment:
    item_id: str
    group_id: str
    similarity: float  # estimated Jaccard with the matched representative (1.0 for exact / new groups)
    new_group: bool
    exact: bool


class NearDupIndex:
    """An in-memory, incremental near-duplicate index. Not thread-safe: guard it with a lock if shared."""

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        *,
        num_perm: int = DEFAULT_NUM_PERM,
        shingle_size: int = DEFAULT_SHINGLE_SIZE,
        represent_threshold: float = 0.9,
        max_bucket: int = 32,
        false_negative_weight: float = 0.9,
    ):
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_size = shingle_size
        self.represent_threshold = max(represent_threshold, threshold)
        self.max_bucket = max_bucket
        # weigh missed near-duplicates above extra candidates: every candidate is verified on its signature
        self.bands, self.rows = _optimal_param(
            threshold, num_perm, 1.0 - false_negative_weight, false_negative_weight
        )
        self.hasher = MinHasher(num_perm)
        rng = np.random.RandomState(20241127)
        self._band_mult = rng.randint(0, 2**63, size=self.rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        self._band_salt = np.arange(self.bands, dtype=np.uint64) << np.uint64(56)
        self._tables: list[dict[int, list[int] | int]] = [{} for _ in range(self.bands)]
        self._sigs = np.empty((1024, num_perm), dtype=np.uint32)
        self._rep_group: list[str] = []
        self._exact: dict[int, str] = {}
        self._group_of: dict[str, str] = {}
        self._group_size: dict[str, int] = {}

    # -- public API
    def __len__(self) -> int:
        return len(self._group_of)

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._group_of

    @property
    def group_count(self) -> int:
        return len(self._group_size)

    @property
    def representative_count(self) -> int:
        return len(self._rep_group)

    def group_of(self, item_id: str) -> str | None:
        return self._group_of.get(item_id)

    def group_size(self, group_id: str) -> int:
        return self._group_size.get(group_id, 0)

    def groups(self) -> dict[str, int]:
        """group id -> number of items."""
        return dict(self._group_size)

    def signature(self, text: str) -> list[int]:
        """The MinHash signature of ``text`` as plain ints (for storage); empty for a text with no words."""
        sh = shingles(tokens(text), self.shingle_size)
        return [int(v) for v in self.hasher.signature(sh)] if sh else []

    def add(self, item_id: str, text: str) -> str:
        """Assign ``item_id`` to a group and return the group id. Adding an id twice returns its group."""
        return self.assign(item_id, text).group_id

    def assign(self, item_id: str, text: str) -> Assignment:
        item_id = str(item_id)
        if item_id in self._group_of:
            return Assignment(item_id, self._group_of[item_id], 1.0, False, True)
        words = tokens(text)
        if not words:
            return self._new_group(item_id, None, exact_key=None)
        key = exact_key(words)
        group = self._exact.get(key)
        if group is not None:
            self._record(item_id, group)
            return Assignment(item_id, group, 1.0, False, True)
        sig = self.hasher.signature(shingles(words, self.shingle_size))
        return self._assign_signature(item_id, sig, key)

    def add_many(self, items: Iterable[tuple[str, str]], batch_size: int = 2048) -> list[str]:
        """``add`` for many ``(item_id, text)`` pairs, in order, with signatures computed in batches
        (same result as calling :meth:`add` one by one, several times faster)."""
        out: list[str] = []
        batch: list[tuple[str, str]] = []
        for pair in items:
            batch.append(pair)
            if len(batch) >= batch_size:
                out.extend(self._add_batch(batch))
                batch = []
        if batch:
            out.extend(self._add_batch(batch))
        return out

    def _add_batch(self, batch: list[tuple[str, str]]) -> list[str]:
        sketches = self.sketch_many([text for _item_id, text in batch])
        return self.add_sketches(zip((item_id for item_id, _text in batch), sketches, strict=True))

    def sketch_many(self, texts: list[str]) -> list[Sketch]:
        """The part of :meth:`add` that needs no index (words, exact key, signature), for many texts in one
        vectorised pass. Pure: another process can compute it and :meth:`add_sketches` use it."""
        words = [tokens(text) for text in texts]
        sigs = self.hasher.signatures([shingles(w, self.shingle_size) if w else [] for w in words])
        return [Sketch(exact_key(w), sig) if w else Sketch(None, None) for w, sig in zip(words, sigs, strict=True)]

    def add_sketches(self, items: Iterable[tuple[str, Sketch]]) -> list[str]:
        """``add`` for ``(item_id, sketch)`` pairs, in order: the same groups as adding the texts."""
        pairs = [(str(item_id), sketch) for item_id, sketch in items]
        hashed = [i for i, (_item_id, sketch) in enumerate(pairs) if sketch.signature is not None]
        keys: dict[int, list[int]] = {}
        if hashed:
            sigs = np.stack([pairs[i][1].signature for i in hashed])
            keys = dict(zip(hashed, self._band_keys_many(sigs), strict=True))
        out = []
        for position, (item_id, sketch) in enumerate(pairs):
            if item_id in self._group_of:
                out.append(self._group_of[item_id])
                continue
            if sketch.signature is None:
                out.append(self._new_group(item_id, None, exact_key=None).group_id)
                continue
            group = self._exact.get(sketch.exact_key)
            if group is not None:
                self._record(item_id, group)
                out.append(group)
                continue
            out.append(self._assign_signature(item_id, sketch.signature, sketch.exact_key, keys[position]).group_id)
        return out

    def add_signature(self, item_id: str, signature: Iterable[int], *, group_id: str | None = None) -> str:
        """Restore an item from a stored signature. With ``group_id`` the stored grouping is kept as is;
        without it the item is assigned as :meth:`add` would."""
        item_id = str(item_id)
        if item_id in self._group_of:
            return self._group_of[item_id]
        sig = np.asarray(list(signature), dtype=np.uint32)
        if sig.size == 0:
            if group_id is not None:
                self._record(item_id, group_id)
                return group_id
            return self._new_group(item_id, None, exact_key=None).group_id
        if sig.size != self.num_perm:
            raise ValueError(f"signature has {sig.size} values, expected {self.num_perm}")
        if group_id is not None:
            self._record(item_id, group_id)
            self._add_representative(sig, group_id)
            return group_id
        return self._assign_signature(item_id, sig, None).group_id

    def query(self, text: str, limit: int = 10) -> list[tuple[str, float]]:
        """Groups similar to ``text`` (without adding it): ``[(group_id, estimated_jaccard), ...]``."""
        words = tokens(text)
        if not words:
            return []
        sig = self.hasher.signature(shingles(words, self.shingle_size))
        return self._ranked(sig)[:limit]

    # -- internals
    def _band_keys(self, sig: np.ndarray) -> list[int]:
        return self._band_keys_many(sig[None, :])[0]

    def _band_keys_many(self, sigs: np.ndarray) -> list[list[int]]:
        """One 64-bit key per band: a random linear hash of the band's rows (mod 2**64). Colliding keys
        only add candidates, which are verified on the full signature."""
        n = sigs.shape[0]
        bands = sigs[:, : self.bands * self.rows].astype(np.uint64).reshape(n, self.bands, self.rows)
        with np.errstate(over="ignore"):
            keys = (bands * self._band_mult).sum(axis=2, dtype=np.uint64) + self._band_salt
        return keys.tolist()

    def _candidates(self, keys: list[int]) -> set[int]:
        out: set[int] = set()
        for table, key in zip(self._tables, keys, strict=True):
            hit = table.get(key)
            if hit is None:
                continue
            if isinstance(hit, int):
                out.add(hit)
            else:
                out.update(hit)
        return out

    def _ranked(self, sig: np.ndarray, keys: list[int] | None = None) -> list[tuple[str, float]]:
        cands = self._candidates(keys if keys is not None else self._band_keys(sig))
        if not cands:
            return []
        idx = np.fromiter(cands, dtype=np.int64, count=len(cands))
        sims = np.count_nonzero(self._sigs[idx] == sig, axis=1) / self.num_perm
        best: dict[str, float] = {}
        for i, s in zip(idx.tolist(), sims.tolist(), strict=True):
            g = self._rep_group[i]
            if s > best.get(g, -1.0):
                best[g] = s
        return sorted(best.items(), key=lambda kv: -kv[1])

    def _assign_signature(
        self, item_id: str, sig: np.ndarray, exact_key: int | None, keys: list[int] | None = None
    ) -> Assignment:
        keys = keys if keys is not None else self._band_keys(sig)
        ranked = self._ranked(sig, keys)
        if ranked and ranked[0][1] >= self.threshold:
            group, sim = ranked[0]
            self._record(item_id, group)
            if exact_key is not None:
                self._exact.setdefault(exact_key, group)
            if sim < self.represent_threshold:
                self._add_representative(sig, group, keys)
            return Assignment(item_id, group, sim, False, False)
        assignment = self._new_group(item_id, sig, exact_key=exact_key, keys=keys)
        return assignment

    def _new_group(
        self, item_id: str, sig: np.ndarray | None, *, exact_key: int | None, keys=None
    ) -> Assignment:
        group = item_id
        self._record(item_id, group)
        if exact_key is not None:
            self._exact[exact_key] = group
        if sig is not None:
            self._add_representative(sig, group, keys)
        return Assignment(item_id, group, 1.0, True, False)

    def _record(self, item_id: str, group: str) -> None:
        self._group_of[item_id] = group
        self._group_size[group] = self._group_size.get(group, 0) + 1

    def _add_representative(self, sig: np.ndarray, group: str, keys: list[int] | None = None) -> None:
        idx = len(self._rep_group)
        if idx >= self._sigs.shape[0]:
            grown = np.empty((self._sigs.shape[0] * 2, self.num_perm), dtype=np.uint32)
            grown[:idx] = self._sigs[:idx]
            self._sigs = grown
        self._sigs[idx] = sig
        self._rep_group.append(group)
        for table, key in zip(self._tables, keys if keys is not None else self._band_keys(sig), strict=True):
            hit = table.get(key)
            if hit is None:
                table[key] = idx
            elif isinstance(hit, int):
                table[key] = [hit, idx]
            elif len(hit) < self.max_bucket:
                hit.append(idx)
            else:
                hit[idx % self.max_bucket] = idx  # full bucket: replace one entry, keep the list bounded
