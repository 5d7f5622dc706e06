"""Money amounts in Indonesian text, as integers of rupiah with spans into the original text.

Handled (after :mod:`pantau.detection.normalise`): ``Rp250.000``, ``Rp 1.500.000,00``, ``50rb``/``50 rb``/
``50k``/``50 ribu``/``50 rebu``, ``1,5 juta``/``1.5jt``, ``2 M`` (miliar, only after ``Rp``), word numbers
(``seratus ribu``, ``lima puluh ribu``, ``dua ratus lima puluh ribu``, ``setengah juta``, ``sejuta``), money
slang (``goceng``, ``ceban``, ``goban``, ``cepek``), ``250000 rupiah``.

Implied thousands: a bare number from 10 to 999 followed by ``per kepala/orang/KK/suara/jiwa/pemilih/rumah``
(``150 per kepala``), or ``Rp`` with a number below 1000 (``Rp50``), is read as thousands of rupiah, which is
how such amounts are written in vote-buying talk; ``implied=True`` marks these.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .lexicon import MONEY_SLANG, NUMBER_WORDS
from .normalise import Normalised, normalise

__all__ = ["MoneyAmount", "find_money", "parse_money"]

_DIGIT_WORDS = r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)"
_WORDNUM = (
    r"(?:(?:se(?:puluh|belas|ratus|ribu)|sebelas|setengah|" + _DIGIT_WORDS + r")"
    r"(?: (?:" + _DIGIT_WORDS + r"|puluh|belas|ratus|sepuluh|sebelas))*)"
)
_SCALE = r"(?P<scale>ribu|juta|miliar|triliun)"
_PER = (r"(?: (?:per|perorang|perkepala|/|se|satu|tiap|setiap|buat|untuk) ?"
        r"(?P<per>kepala|orang|kk|suara|jiwa|pemilih|rumah|keluarga|pintu|warga|ktp|kepala keluarga|pemilih))?")
_MONEY_RE = re.compile(
    r"\b(?:"
    r"(?P<rp>rp )?(?P<num>\d+(?:,\d+)?) " + _SCALE + r"(?: rupiah)?"
    r"|(?P<rp2>rp )?(?P<wnum>" + _WORDNUM + r") " + _SCALE.replace("scale", "wscale") + r"(?: rupiah)?"
    r"|(?P<juta>sejuta|sejt)"
    r"|rp (?P<rpnum>\d+(?:,\d+)?)(?: (?P<m>m|milyar))?(?: rupiah)?"
    r"|(?P<rupnum>\d+) rupiah"
    r"|(?P<slang>" + "|".join(sorted(MONEY_SLANG, key=len, reverse=True)) + r")"
    r"|(?P<bare>\d{2,3})(?= (?:per|tiap|setiap) (?:kepala|orang|kk|suara|jiwa|pemilih|rumah|keluarga|kepala keluarga)\b)"
    r")" + _PER + r"\b"
)


_COUNTED = re.compile(r" (?:pemilih|orang|warga|suara|jiwa|penduduk|pendukung|massa|peserta|kk|lembar|surat|dpt|"
                      r"kursi|ton|hektare|hektar|ha|km|meter|unit|rumah|buah|ekor|kg|kilo|liter|personel|tps|"
                      r"relawan|anggota|pengikut|follower|views|penonton)\b")

_TRIGGER = {"ribu", "juta", "miliar", "triliun", "rp", "rupiah", "sejuta", "sejt", "per", "tiap", "setiap",
            *MONEY_SLANG}


@dataclass(frozen=True, slots=True)
class MoneyAmount:
    value: int
    start: int  # offsets into the ORIGINAL text
    end: int
    text: str
    per: str | None = None
    implied: bool = False
    n_start: int = -1  # offsets into the normalised text (used by the rules)
    n_end: int = -1

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("n_start")
        d.pop("n_end")
        return d


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def _wordnum(s: str) -> float:
    acc = 0.0
    last = 0.0
    for w in s.split():
        if w == "setengah":
            acc += 0.5
        elif w in ("sepuluh", "sebelas", "seratus", "seribu"):
            acc += NUMBER_WORDS[w]
        elif w == "sebelas":
            acc += 11
        elif w == "puluh":
            acc += last * 10
            last = 0
        elif w == "ratus":
            acc += last * 100
            last = 0
        elif w == "belas":
            acc += last + 10
            last = 0
        elif w in NUMBER_WORDS:
            last = NUMBER_WORDS[w]
    return acc + last


_SCALES = {"ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000, "triliun": 1_000_000_000_000}


def find_money(norm: Normalised) -> list[MoneyAmount]:
    """Money amounts found in a normalised text."""
    t = norm.text
    if _TRIGGER.isdisjoint(norm.tokset):
        return []
    out: list[MoneyAmount] = []
    for m in _MONEY_RE.finditer(t):
        g = m.groupdict()
        implied = False
        value: float
        if g["num"] is not None:
            value = _num(g["num"]) * _SCALES[g["scale"]]
        elif g["wnum"] is not None:
            value = _wordnum(g["wnum"]) * _SCALES[g["wscale"]]
        elif g["juta"] is not None:
            value = 1_000_000
        elif g["rpnum"] is not None:
            value = _num(g["rpnum"])
            if g["m"]:
                value *= 1_000_000_000
            elif value < 1000:
                value *= 1000
                implied = True
        elif g["rupnum"] is not None:
            value = int(g["rupnum"])
        elif g["slang"] is not None:
            value = MONEY_SLANG[g["slang"]]
        else:
            value = int(g["bare"]) * 1000
            implied = True
        if value <= 0:
            continue
        if not (g["rp"] or g["rp2"] or g["per"]) and _COUNTED.match(t, m.end()):
            continue  # "20 ribu pemilih", "5 ribu orang": a count, not money
        a, b = norm.to_original(m.start(), m.end())
        out.append(MoneyAmount(int(round(value)), a, b, norm.original[a:b], g.get("per"), implied,
                               m.start(), m.end()))
    return out


def parse_money(text: str) -> list[MoneyAmount]:
    """Convenience: normalise ``text`` and return its money amounts."""
    return find_money(normalise(text))
