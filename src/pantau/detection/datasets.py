"""Loaders for the labelled corpora in ../shared/datasets (read at training/evaluation time, never committed).

Each loader applies the fixes listed in the dataset's SOURCE.md (encoding, literal escape sequences, BBCode,
duplicates are left for :mod:`pantau.detection.training` to remove after normalisation) and returns
:class:`Example` rows with the dataset's own label names. ``DATASETS`` records licence, citation and the
published baseline of each, and is what ``pantau eval`` prints next to our numbers.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Example", "DATASETS", "dataset_root", "load", "file_sha256", "repair_text"]


@dataclass(slots=True)
class Example:
    text: str
    labels: dict[str, int]
    source: str
    group: str = ""  # topic or other grouping key used to keep related rows in one split
    meta: dict = field(default_factory=dict)


DATASETS: dict[str, dict] = {
    "id_multilabel_hs": {
        "files": ["re_dataset.csv"],
        "licence": "CC BY-NC-SA 4.0",
        "citation": "Ibrohim & Budi 2019, ALW3 (ACL), W19-3506",
        "labels": ["HS", "Abusive", "HS_Individual", "HS_Group", "HS_Religion", "HS_Race", "HS_Physical",
                   "HS_Gender", "HS_Other", "HS_Weak", "HS_Moderate", "HS_Strong"],
        "published": {
            "note": "Paper reports accuracy, not per-label F1 (RFDT + label power-set best; ~77.4% acc "
                    "HS+Abusive, ~66.1% acc full task: NOT verified per SOURCE.md). Issue #3 reference: plain "
                    "TF-IDF(word1-2+char2-5)+LR on this machine F1 HS 0.845, Abusive 0.899, HS_Religion "
                    "0.668, HS_Race 0.725.",
            "f1_reference": {"HS": 0.845, "Abusive": 0.899, "HS_Religion": 0.668, "HS_Race": 0.725},
            "f1_target": {"HS": 0.87, "Abusive": 0.91, "HS_Religion": 0.75, "HS_Race": 0.78},
        },
    },
    "netifier": {
        "files": ["raw/train.csv", "raw/test.csv"],
        "licence": "none in repo (SEACrowd metadata: CC BY-NC-SA 4.0, unverified)",
        "citation": "Izzan, Wibisono, Putra 2018, github.com/ahmadizzan/netifier",
        "labels": ["pornografi", "sara", "radikalisme", "pencemaran_nama_baik"],
        "published": {"note": "No paper and no reported model scores."},
    },
    "id_falsenews_pilpres2019": {
        "files": ["indonesian_falsenews_traindata.txt"],
        "licence": "unstated (paper CC BY 4.0)",
        "citation": "Suryadikara, Verberne, Takes 2020, CEUR-WS Vol-2699",
        "labels": ["false_or_misleading"],
        "published": {"note": "Word n-grams best: recall 85% true news, 62% false news (gold train set).",
                      "recall_reference": {"false_or_misleading": 0.62}},
    },
    "id_hoax_news_pratiwi": {
        "files": ["600 news with valid hoax label.csv"],
        "licence": "CC BY 4.0",
        "citation": "Pratiwi, Asmara, Rahutomo 2017 (ICTS); Rahutomo et al. (600-article set)",
        "labels": ["hoax"],
        "published": {"note": "600 set: Naive Bayes TF accuracy 82.6% 'static testing'."},
    },
    "hoax_pilpres24_headlines": {
        "files": ["data_berita.csv"],
        "licence": "none (student project; headline copyright with the outlets)",
        "citation": "github.com/AptaArkana/hoax_pilpres_24",
        "labels": ["hoax"],
        "published": {"note": "IndoBERT validation accuracy 95.87% (label = source; not a clean benchmark)."},
    },
}


def dataset_root(root: str | os.PathLike | None = None) -> Path:
    """Where the shared datasets live: argument, $PANTAU_DATASETS, or ../shared/datasets of the checkout."""
    if root:
        return Path(root)
    env = os.environ.get("PANTAU_DATASETS")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        cand = parent.parent / "shared" / "datasets"
        if cand.is_dir():
            return cand
    return Path("/work/shared/datasets")


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_ESCAPED_BYTES = re.compile(r"(?:\\x[0-9a-fA-F]{2})+")
_BBCODE = re.compile(r"\[/?(?:quote|color|size|font|b|i|u|url|img|spoiler|center|left|right|list|\*)[^\]]*\]",
                     re.I)
_QUOTE_HEAD = re.compile(r"\[quote=[^\]]*\]", re.I)


def _unescape_bytes(m: re.Match) -> str:
    raw = bytes(int(h, 16) for h in re.findall(r"[0-9a-fA-F]{2}", m.group()))
    return raw.decode("utf-8", errors="ignore")


def repair_text(s: str) -> str:
    """Undo dataset artefacts: literal ``\\xNN`` byte escapes, literal ``\\n``, HTML entities, BBCode."""
    if "\\x" in s:
        s = _ESCAPED_BYTES.sub(_unescape_bytes, s)
    if "\\" in s:
        s = s.replace("\\n", "\n").replace("\\t", " ").replace("\\r", " ")
    if "&" in s:
        s = html.unescape(s)
    if "[" in s:
        s = _QUOTE_HEAD.sub(" ", s)
        s = _BBCODE.sub(" ", s)
    s = s.replace("\ufffd", "")
    return s.strip()


def _read_bytes(path: Path) -> bytes:
    return path.read_bytes()


def _load_id_multilabel_hs(root: Path) -> list[Example]:
    raw = _read_bytes(root / "id_multilabel_hs" / "re_dataset.csv")
    # SOURCE.md: not valid UTF-8 (truncated emoji). Decoding as UTF-8 with replacement keeps the valid
    # multi-byte characters (e.g. the superscript two in "kita²") that a latin-1 decode would mangle.
    text = raw.decode("utf-8", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0]
    names = header[1:]
    out = []
    for r in rows[1:]:
        if len(r) != len(header):
            continue
        t = r[0]
        if t.endswith("'"):  # crawl artefact: a stray quote at the end of most tweets
            t = t[:-1]
        out.append(Example(repair_text(t), {n: int(v) for n, v in zip(names, r[1:], strict=True)},
                           "id_multilabel_hs"))
    return out


def _load_netifier(root: Path) -> list[Example]:
    out = []
    for split in ("train", "test"):
        p = root / "netifier" / "raw" / f"{split}.csv"
        text = p.read_text(encoding="utf-8-sig")
        for r in csv.DictReader(io.StringIO(text, newline="")):
            labels = {k: int(r[k]) for k in ("pornografi", "sara", "radikalisme", "pencemaran_nama_baik")}
            out.append(Example(repair_text(r["original_text"]), labels, "netifier",
                               meta={"platform": r["source"], "split": split}))
    return out


def _load_falsenews(root: Path) -> list[Example]:
    p = root / "id_falsenews_pilpres2019" / "indonesian_falsenews_traindata.txt"
    text = p.read_text(encoding="utf-8-sig")
    out = []
    for r in csv.DictReader(io.StringIO(text, newline=""), delimiter="\t"):
        cls = (r.get("class") or "").strip()
        if cls not in ("True News", "False News", "Misleading News"):
            continue  # "Other 1/2" are unrelated to the fact-check topic
        out.append(Example(repair_text(r["tweets"]), {"false_or_misleading": int(cls != "True News")},
                           "id_falsenews_pilpres2019", group=r.get("topic", "")))
    return out


def _load_pratiwi(root: Path) -> list[Example]:
    p = root / "id_hoax_news_pratiwi" / "600 news with valid hoax label.csv"
    text = p.read_text(encoding="cp1252", errors="replace")  # SOURCE.md: cp1252 smart quotes
    out = []
    for r in list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]:
        if len(r) < 2 or r[1].strip() not in ("Valid", "Hoax"):
            continue
        out.append(Example(repair_text(r[0]), {"hoax": int(r[1].strip() == "Hoax")}, "id_hoax_news_pratiwi"))
    return out


def _load_hoax24(root: Path) -> list[Example]:
    p = root / "hoax_pilpres24_headlines" / "data_berita.csv"
    text = p.read_text(encoding="utf-8-sig", errors="replace")
    out = []
    for r in csv.DictReader(io.StringIO(text, newline="")):
        lab = (r.get("Berita_Hoax") or "").strip()
        if lab not in ("True", "False"):
            continue
        out.append(Example(repair_text(r["Judul Artikel"]), {"hoax": int(lab == "True")},
                           "hoax_pilpres24_headlines"))
    return out


_LOADERS = {
    "id_multilabel_hs": _load_id_multilabel_hs,
    "netifier": _load_netifier,
    "id_falsenews_pilpres2019": _load_falsenews,
    "id_hoax_news_pratiwi": _load_pratiwi,
    "hoax_pilpres24_headlines": _load_hoax24,
}


def available(root: str | os.PathLike | None = None) -> list[str]:
    r = dataset_root(root)
    return [n for n, d in DATASETS.items() if all((r / n / f).is_file() for f in d["files"])]


def load(name: str, root: str | os.PathLike | None = None) -> list[Example]:
    """Load one dataset by folder name. Raises FileNotFoundError when it is not present."""
    r = dataset_root(root)
    if name not in _LOADERS:
        raise KeyError(f"unknown dataset {name!r}; known: {sorted(_LOADERS)}")
    for f in DATASETS[name]["files"]:
        if not (r / name / f).is_file():
            raise FileNotFoundError(str(r / name / f))
    return _LOADERS[name](r)


def hashes(name: str, root: str | os.PathLike | None = None) -> dict[str, str]:
    r = dataset_root(root)
    return {f: file_sha256(r / name / f) for f in DATASETS[name]["files"]}
