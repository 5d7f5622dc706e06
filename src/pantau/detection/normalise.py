"""Indonesian social-media normaliser with an offset map back to the original text.

``normalise(text)`` returns a :class:`Normalised`: lower-cased, space-separated tokens where

* slang and abbreviations are expanded (``gw`` -> ``saya``, ``ga``/``gak``/``nggak``/``dak`` -> ``tidak``,
  ``yg`` -> ``yang``, ``bgt`` -> ``sangat``, ``dll`` -> ``dan lain lain``), Jambi Malay included (``kito``,
  ``ado``, ``nian``, ``bae``, ``idak``, ``katek``); negation always survives as ``tidak``/``belum``/``bukan``/
  ``jangan``;
* repeated letters are collapsed (``bangettt`` -> ``banget``, ``maaaaf`` -> ``maaf``), laughter becomes
  ``wkwk``, leetspeak inside words is undone (``b4ngs4t`` -> ``bangsat``), reduplication is spelled out
  (``anak2``/``anak²``/``anak-anak`` -> ``anak anak``);
* URLs become ``url``, mentions ``@user``, hashtags are split into words (``#TolakPolitikUang`` ->
  ``tolak politik uang``; all-lower-case hashtags are segmented with a word list);
* numbers and rupiah are made explicit: ``50rb`` -> ``50 ribu``, ``Rp250.000`` -> ``rp 250000``,
  ``1,5jt`` -> ``1,5 juta``, ``02`` -> ``2``, ``no2`` -> ``nomor 2``;
* a few meaningful emoji become words (money bag -> ``uang``, pig -> ``babi``), others are dropped.

Every output token remembers the character span of the original token it came from, so a match found in the
normalised text maps back to the original (:meth:`Normalised.to_original`). Tokens that are only
lower-cased map character by character; rewritten tokens map to the whole original token.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from importlib import resources
from itertools import accumulate

from .lexicon import ACRONYMS_IN_CAPS, EMOJI_WORDS, KNOWN_DOUBLE, LAUGH_PREFIXES, LEET, MONEY_UNITS, SLANG

__all__ = ["Normalised", "normalise", "normalise_text", "segment_hashtag"]

_EMOJI_RANGES = (
    "\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2190-\u21FF\u2300-\u23FF\u2190-\u21FF"
)

_TOKEN_RE = re.compile(
    rf"""
     (?:https?://|www\.)[^\s<>"']+
    |(?<![\w@\#])[@\#][^\W_](?:\w|\.(?=\w))*
    |(?i:rp)\.?[\ \t]?\d+(?:[.,]\d+)*(?:[^\W\d_]+)?
    |[^\W_]+(?:['\u2019\-.,/][^\W_]+)*
    |[.!?,;]+
    |[{_EMOJI_RANGES}]
    |[^\w\s]
    """,
    re.X,
)
_RP_NUM = re.compile(r"^rp\.?\s?\d")
_DOMAIN_TLDS = {"com", "id", "co", "net", "org", "go", "ly", "me", "io", "info", "news", "tv", "xyz", "site"}

_LEET_SANDWICH = re.compile(r"[a-z][0134578@$]+[a-z]|^[0134578@$][a-z]*[0134578@$]*[a-z]+[0134578@$]")
_RUN3 = re.compile(r"(.)\1{2,}")
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d+")
_NUM_UNIT = re.compile(r"^(rp\.?\s?)?(\d+(?:[.,]\d+)*)([^\W\d_]*)$", re.I)
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$")
_NUMBER_PREFIX = {"no": "nomor", "nmr": "nomor", "nomor": "nomor", "nomer": "nomor", "urut": "urut",
                  "paslon": "paslon", "calon": "calon", "pasangan": "pasangan", "jari": "jari"}
_DROP_WORDS: set[str] = set()


class Normalised:
    """Normalised text plus a token-level offset map into ``original`` (built lazily on first use)."""

    __slots__ = ("original", "text", "_raw", "_n_starts", "_n_ends", "_o_starts", "_o_ends", "_exact", "_toks",
                 "_tokset", "_tstarts", "_spans", "_view", "_vstarts", "_fast")

    def __init__(self, original: str, text: str, raw_tokens: list[str] | None = None) -> None:
        self.original = original
        self.text = text
        self._raw = raw_tokens
        self._n_starts: list[int] | None = None
        self._toks: list[str] | None = None
        self._tokset: set[str] | None = None
        self._tstarts: list[int] | None = None
        self._spans: list[tuple[str, int, int]] | None = None
        self._view: str | None = None
        self._vstarts: list[int] | None = None
        self._fast: tuple | None = None

    # ------------------------------------------------------------------ raw tokens and the "view"
    @property
    def raw_tokens(self) -> list[str]:
        if self._raw is None:
            self._raw = _TOKEN_RE.findall(self.original)
        return self._raw

    @property
    def raw_spans(self) -> list[tuple[str, int, int]]:
        """(token, start, end) of every raw token in ``original``."""
        if self._spans is None:
            find = self.original.find
            spans = []
            p = 0
            for tok in self.raw_tokens:
                a = find(tok, p)
                p = a + len(tok)
                spans.append((tok, a, p))
            self._spans = spans
        return self._spans

    @property
    def view(self) -> str:
        """The original tokens, lower-cased, URLs -> ``url``, mentions -> ``@user``, joined by single spaces.

        The model takes its character n-grams from this view (spelling, elongation and punctuation carry
        signal) and its word n-grams from ``text``. View token ``i`` is raw token ``i``.
        """
        if self._view is None:
            get = _VIEW.get
            self._view = " ".join([get(t) or _view_tok(t) for t in self.raw_tokens])
        return self._view

    def view_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``view`` (token aligned) to a span of ``original``."""
        spans = self.raw_spans
        if not spans:
            return (0, 0)
        if self._vstarts is None:
            vs = []
            p = 0
            get = _VIEW.get
            for tok, _a, _b in spans:
                vs.append(p)
                p += len(get(tok) or _view_tok(tok)) + 1
            self._vstarts = vs
        i = max(0, bisect_right(self._vstarts, start) - 1)
        j = max(i, bisect_right(self._vstarts, max(end - 1, start)) - 1)
        return (spans[i][1], spans[j][2])

    def windows(self, size: int, stride: int) -> list[tuple[str, str]]:
        """Overlapping windows of ``size`` raw tokens: (normalised text, view) of each window."""
        raw = self.raw_tokens
        if len(raw) <= size:
            return [(self.text, self.view)]
        jget = _JOINED.get
        vget = _VIEW.get
        norm = [jget(t) if t in _JOINED else _joined(t) for t in raw]
        view = [vget(t) or _view_tok(t) for t in raw]
        out = []
        i = 0
        while True:
            j = min(i + size, len(raw))
            out.append((" ".join([x for x in norm[i:j] if x]), " ".join(view[i:j])))
            if j >= len(raw):
                break
            i += stride
        return out

    @property
    def tokens(self) -> list[str]:
        """The normalised tokens (``text.split(" ")``)."""
        if self._toks is None:
            self._toks = self.text.split(" ") if self.text else []
        return self._toks

    @property
    def tokset(self) -> set[str]:
        if self._tokset is None:
            self._tokset = set(self.tokens)
        return self._tokset

    @property
    def token_starts(self) -> list[int]:
        """Start offset of each normalised token in ``text``."""
        if self._tstarts is None:
            st = list(accumulate(map((1).__add__, map(len, self.tokens)), initial=0))
            st.pop()
            self._tstarts = st
        return self._tstarts

    def _build(self) -> None:
        n_starts: list[int] = []
        n_ends: list[int] = []
        o_starts: list[int] = []
        o_ends: list[int] = []
        exact: list[bool] = []
        ns, ne, os_, oe, ex = n_starts.append, n_ends.append, o_starts.append, o_ends.append, exact.append
        spans = self.raw_spans  # token positions recovered from the tokenizer's output (tokens appear in order)
        pos = -1
        last = ""
        get = _PIECES.get
        for tok, ta, tb in spans:
            pieces = get(tok)
            if pieces is None:
                pieces = _pieces(tok)
            if not pieces:
                continue
            if len(pieces) == 1:
                q = pieces[0]
                if q in _PUNCT_OUT:
                    if q == last:
                        continue
                    last = q
                else:
                    last = ""
                pos += 1
                ns(pos)
                pos += len(q)
                ne(pos)
                os_(ta)
                oe(tb)
                ex(len(q) == len(tok) and q == tok.lower())
                continue
            last = ""
            for q in pieces:
                pos += 1
                ns(pos)
                pos += len(q)
                ne(pos)
                os_(ta)
                oe(tb)
                ex(False)
        self._n_starts, self._n_ends, self._o_starts, self._o_ends, self._exact = (
            n_starts, n_ends, o_starts, o_ends, exact)

    @property
    def n_starts(self) -> list[int]:
        if self._n_starts is None:
            self._build()
        return self._n_starts  # type: ignore[return-value]

    def _fast_map(self):
        """Per raw token that produced output: its offset in ``text`` (C-level list operations only).

        Returns None when punctuation de-duplication made the text shorter than the token expansions; the
        token-by-token table (:meth:`_build`) is used then.
        """
        if self._fast is None:
            get = _JOINED.get
            joined = [get(t) if t in _JOINED else _joined(t) for t in self.raw_tokens]
            nonempty = [i for i, j in enumerate(joined) if j]
            nst = list(accumulate([len(joined[i]) + 1 for i in nonempty], initial=0))
            total = nst.pop()
            ok = (total - 1 == len(self.text)) if nonempty else (self.text == "")
            self._fast = (joined, nonempty, nst) if ok else ()
        return self._fast or None

    def raw_index_to_text(self, i: int) -> int:
        """Offset in ``text`` of the output of raw token ``i`` (-1 if it produced none)."""
        fm = self._fast_map()
        if fm is None:
            return -1
        _joined_, nonempty, nst = fm
        k = bisect_right(nonempty, i) - 1
        return nst[k] if k >= 0 and nonempty[k] == i else -1

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of ``text`` to a half-open span of ``original``."""
        fm = self._fast_map()
        if fm is not None:
            joined, nonempty, nst = fm
            if not nonempty:
                return (0, 0)
            spans = self.raw_spans
            end = max(end, start + 1)
            k = max(0, bisect_right(nst, start) - 1)
            if start - nst[k] >= len(joined[nonempty[k]]) and k + 1 < len(nst):  # starts on a separator
                k += 1
                start = nst[k]
            k2 = max(k, bisect_right(nst, end - 1) - 1)
            i, i2 = nonempty[k], nonempty[k2]
            tok, a, b = spans[i]
            j = joined[i]
            if len(j) == len(tok) and j == tok.lower():
                o_start = a + (start - nst[k])
            else:
                o_start = a
            tok2, a2, b2 = spans[i2]
            j2 = joined[i2]
            if len(j2) == len(tok2) and j2 == tok2.lower() and end <= nst[k2] + len(j2):
                o_end = a2 + (end - nst[k2])
            else:
                o_end = b2
            return (o_start, max(o_end, o_start))
        n_starts = self.n_starts
        if not n_starts:
            return (0, 0)
        n_ends, o_starts, o_ends, exact = self._n_ends, self._o_starts, self._o_ends, self._exact
        end = max(end, start + 1)
        i = bisect_right(n_starts, start) - 1
        if i < 0:
            i = 0
        if start >= n_ends[i] and i + 1 < len(n_starts):  # span starts on a separator
            i += 1
            start = n_starts[i]
        j = bisect_right(n_starts, end - 1) - 1
        j = max(j, i)
        if exact[i]:
            o_start = o_starts[i] + max(0, start - n_starts[i])
        else:
            o_start = o_starts[i]
        if exact[j] and end <= n_ends[j]:
            o_end = o_starts[j] + (end - n_starts[j])
        else:
            o_end = o_ends[j]
        return (o_start, max(o_end, o_start))

    def token_spans(self) -> list[tuple[str, int, int]]:
        """Normalised tokens with their original spans."""
        ns = self.n_starts
        return [(self.text[a:b], oa, ob) for a, b, oa, ob in zip(ns, self._n_ends, self._o_starts, self._o_ends,
                                                                  strict=True)]

    def __repr__(self) -> str:
        return f"Normalised({self.text!r})"


# --------------------------------------------------------------------------------------------- word list

@lru_cache(maxsize=1)
def _vocab() -> dict[str, float]:
    """Word -> cost (negative log frequency) for hashtag segmentation."""
    import math

    words: dict[str, int] = {}
    try:
        data = resources.files(__package__).joinpath("data/vocab.txt").read_text(encoding="utf-8")
        for line in data.splitlines():
            if not line or line.startswith("#"):
                continue
            w, _, c = line.partition("\t")
            words[w] = int(c or 1)
    except (FileNotFoundError, OSError):  # pragma: no cover - the file ships with the package
        pass
    for w in list(SLANG.values()) + list(SLANG):
        for part in w.split():
            words.setdefault(part, 5)
    total = float(sum(words.values()) or 1)
    return {w: -math.log(c / total) for w, c in words.items()}


@lru_cache(maxsize=4096)
def segment_hashtag(s: str) -> tuple[str, ...]:
    """Split an all-lower-case hashtag body into words (unigram Viterbi over a word list)."""
    s = s.lower()
    if len(s) > 40:
        return (s,)
    vocab = _vocab()
    unk = 25.0
    n = len(s)
    best = [0.0] + [1e18] * n
    back = [0] * (n + 1)
    for i in range(1, n + 1):
        for j in range(max(0, i - 20), i):
            w = s[j:i]
            cost = vocab.get(w)
            if cost is None:
                if not w.isdigit():
                    cost = unk + 3.0 * len(w)
                else:
                    cost = 8.0
            c = best[j] + cost
            if c < best[i]:
                best[i] = c
                back[i] = j
    out = []
    i = n
    while i > 0:
        j = back[i]
        out.append(s[j:i])
        i = j
    out.reverse()
    # only accept a segmentation made of known words (or digits); otherwise keep the hashtag whole
    if len(out) > 1 and all(w in vocab or w.isdigit() for w in out):
        return tuple(out)
    return (s,)


# --------------------------------------------------------------------------------------------- tokens

def _collapse_runs(w: str) -> str:
    if not _RUN3.search(w) or w in KNOWN_DOUBLE:  # "ppp" (the party) is not an elongated "p"
        return w
    two = _RUN3.sub(r"\1\1", w)
    if two in KNOWN_DOUBLE or two in SLANG:
        return two
    one = _RUN3.sub(r"\1", w)
    return one


def _is_laugh(w: str) -> bool:
    if len(w) < 4:
        return False
    if w.startswith(LAUGH_PREFIXES):
        letters = set(w)
        return len(letters) <= 4
    return False


@lru_cache(maxsize=65536)
def _norm_word(w: str) -> tuple[str, ...]:
    """Normalise one lower-cased word token into zero or more output words."""
    if w.isalpha() and w.isascii():  # most tokens: no hyphen, apostrophe, digit or compatibility form to undo
        return _norm_letters(w)
    if "-" in w or "'" in w or "\u2019" in w:
        parts = [p for p in re.split(r"-", w.replace("'", "").replace("\u2019", "")) if p]
        out: list[str] = []
        for p in parts:
            out.extend(_norm_word(p))
        return tuple(out)
    if "\u00b2" in w:  # kita² -> kita kita
        stem = w.replace("\u00b2", "")
        if stem:
            n = _norm_word(stem)
            return n + n
        return ()
    if not w.isascii():
        w = unicodedata.normalize("NFKC", w)
        if "\u00b2" in w or not w:
            return _norm_word(w) if w else ()
    if any(c.isdigit() for c in w):
        if _LEET_SANDWICH.search(w) and not w.isdigit():
            head = w.rstrip("2")
            if not (w.endswith("2") and head.isalpha()):
                return _norm_word(w.translate(LEET))
        m = re.match(r"^([^\W\d_]{2,})(\d+)$", w)
        if m:
            stem, digits = m.group(1), m.group(2)
            if stem in _NUMBER_PREFIX:
                return (_NUMBER_PREFIX[stem], digits.lstrip("0") or "0")
            if digits == "2" and len(stem) >= 2:
                n = _norm_word(stem)
                return n + n
            return _norm_word(stem) + (digits,)
        m = re.match(r"^(\d+)([^\W\d_]{3,})$", w)  # 2019gantipresiden -> 2019 ganti presiden
        if m:
            return (m.group(1),) + _norm_word(m.group(2))
        return (w,)
    return _norm_letters(w)


def _norm_letters(w: str) -> tuple[str, ...]:
    """The slang, elongation and laughter step of :func:`_norm_word` for a word of letters."""
    if w in _DROP_WORDS:
        return ()
    w2 = _collapse_runs(w)
    if _is_laugh(w2):
        return ("wkwk",)
    rep = SLANG.get(w2)
    if rep is not None:
        return tuple(rep.split())
    if len(w2) > 5 and w2.endswith("nyo"):  # Jambi Malay possessive: syaratnyo, katonyo -> syaratnya
        stem = SLANG.get(w2[:-3], w2[:-3])
        return ((stem + "nya").replace(" ", ""),)
    return (w2,)


@lru_cache(maxsize=16384)
def _norm_number(tok: str) -> tuple[str, ...]:
    m = _NUM_UNIT.match(tok)
    if not m:
        return (tok,)
    rp, num, unit = m.group(1), m.group(2), m.group(3)
    out: list[str] = []
    if rp:
        out.append("rp")
    if _THOUSANDS_DOT.match(num):
        num = num.split(",")[0].replace(".", "")
    elif _THOUSANDS_COMMA.match(num):
        num = num.split(".")[0].replace(",", "")
    elif "." in num and num.count(".") == 1 and unit:
        num = num.replace(".", ",")  # 1.5jt -> 1,5 juta
    if num.isdigit():
        if len(num) >= 9 and num.startswith(("08", "62", "+62")):
            out.append("nomortelepon")
            return tuple(out)
        if len(num) <= 3 and len(num) > 1 and num.startswith("0"):
            num = num.lstrip("0") or "0"
    out.append(num)
    if unit:
        if unit in MONEY_UNITS:
            u = MONEY_UNITS[unit]
            out.append({1_000: "ribu", 1_000_000: "juta", 1_000_000_000: "miliar"}.get(u, "triliun"))
        elif unit == "x":
            out.append("kali")
        elif unit in ("an", "rban"):
            pass
        else:
            out.extend(_norm_word(unit))
    return tuple(out)


def _split_hashtag(body: str) -> tuple[str, ...]:
    if any(c.isupper() for c in body[1:]) or any(c.isdigit() for c in body):
        parts = _CAMEL.findall(body)
        if len(parts) > 1:
            out: list[str] = []
            for p in parts:
                pl = p.lower()
                if pl.isdigit():
                    out.append(pl)
                elif len(parts) > 1 and pl.isalpha() and len(pl) > 8:
                    for q in segment_hashtag(pl):
                        out.extend(_norm_word(q))
                else:
                    out.extend(_norm_word(pl))
            return tuple(out)
    low = body.lower()
    out = []
    for q in segment_hashtag(low):
        out.extend(_norm_word(q))
    return tuple(out)


_PUNCT_OUT = {"!", "?", ".", ","}
_PIECES: dict[str, tuple[str, ...]] = {}
_PIECES_MAX = 200_000


def _pieces(tok: str) -> tuple[str, ...]:
    """Output words for one raw token (cached)."""
    out = _pieces_uncached(tok)
    if len(_PIECES) >= _PIECES_MAX:
        _PIECES.clear()
    _PIECES[tok] = out
    return out


def _pieces_uncached(tok: str) -> tuple[str, ...]:
    if tok.isalpha() and tok not in ("USER", "URL"):  # a plain word: skip the checks for URLs, tags and numbers
        low = tok.lower()
        if low in ACRONYMS_IN_CAPS and tok.isupper():
            return (low,)
        return _norm_word(low)
    c0 = tok[0]
    if len(tok) == 1 and not c0.isalnum() and c0 not in ".!?,;":
        w = EMOJI_WORDS.get(tok)  # a lone symbol or emoji: kept in the view, dropped from the text
        return tuple(w.split()) if w else ()
    if tok == "USER":  # placeholders of the Twitter corpora
        return ("@user",)
    if tok == "URL":
        return ("url",)
    if c0 in ".!?,;":
        p = "!" if "!" in tok else "?" if "?" in tok else "." if ("." in tok or ";" in tok) else ","
        return (p,)
    if c0 == "@":
        return ("@user",)
    if c0 == "#":
        return _split_hashtag(tok[1:])
    if tok.startswith(("http", "www.", "HTTP", "WWW.")) and ("://" in tok or tok.lower().startswith("www.")):
        return ("url",)
    if not (c0.isalnum()):
        w = EMOJI_WORDS.get(tok)
        return tuple(w.split()) if w else ()
    low = tok.lower()
    if "/" in low:
        head = low.split("/", 1)[0]
        if "." in head and head.rsplit(".", 1)[-1] in _DOMAIN_TLDS:
            return ("url",)
        out: list[str] = []
        parts = [q for q in low.split("/") if q]
        for k, q in enumerate(parts):
            if k and not (q[0].isdigit() and parts[k - 1][-1].isdigit()):
                out.append("per")
            out.extend(_pieces(q))
        return tuple(out)
    if "." in low or "," in low:
        if any(ch.isdigit() for ch in low):
            m = _NUM_UNIT.match(low)
            if m:
                return _norm_number(low)
        if "." in low and low.rsplit(".", 1)[-1] in _DOMAIN_TLDS:
            return ("url",)
        out = []
        for q in re.split(r"[.,]", low):
            if q:
                out.extend(_pieces(q))
        return tuple(out)
    if c0.isdigit():
        m = _NUM_UNIT.match(low)
        if m and not _LEET_SANDWICH.search(low):
            return _norm_number(low)
    if low.startswith("rp") and _RP_NUM.match(low):
        return _norm_number(low)
    return _norm_word(low)


_JOINED: dict[str, str] = {}
_VIEW: dict[str, str] = {}


def _view_tok(tok: str) -> str:
    if tok == "USER" or (tok[0] == "@" and len(tok) > 1):
        v = "@user"
    elif tok == "URL" or (tok.startswith(("http", "www.", "HTTP", "WWW.")) and ("://" in tok or "." in tok)):
        v = "url"
    else:
        v = tok.lower()
        if "/" in v or "." in v:
            head = v.split("/", 1)[0]
            if "." in head and head.rsplit(".", 1)[-1] in _DOMAIN_TLDS:
                v = "url"
    if len(_VIEW) >= _PIECES_MAX:
        _VIEW.clear()
    _VIEW[tok] = v
    return v
_PUNCT_RUN = re.compile(r"(?<!\S)([!?.,])(?: \1)+(?!\S)")


def _joined(tok: str) -> str:
    out = " ".join(_pieces(tok))
    if len(_JOINED) >= _PIECES_MAX:
        _JOINED.clear()
    _JOINED[tok] = out
    return out


def normalise(text: str) -> Normalised:
    """Normalise ``text``; see the module docstring. The offset map is built on first use."""
    if not isinstance(text, str):
        raise TypeError("text must be str")
    raw = _TOKEN_RE.findall(text)
    get = _JOINED.get
    out = " ".join([j for j in [get(t) or (_joined(t) if t not in _JOINED else "") for t in raw] if j])
    if "  " in out:  # a cached empty expansion cannot produce this, but keep the invariant explicit
        out = " ".join(out.split())
    if ". ." in out or ", ," in out or "! !" in out or "? ?" in out:
        out = _PUNCT_RUN.sub(r"\1", out)
    return Normalised(text, out, raw)


def normalise_text(text: str) -> str:
    """Only the normalised string (used for de-duplication and features)."""
    return normalise(text).text
