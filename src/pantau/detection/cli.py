"""Command-line entry points: ``train``, ``eval`` and ``classify``.

The lead wires ``train_main``, ``eval_main`` and ``classify_main`` into the ``pantau`` console command; the
module also runs on its own::

    python -m pantau.detection.cli train [--extra-labels feedback.jsonl] [--out DIR]
    python -m pantau.detection.cli eval [--folds 5] [--json report.json]
    python -m pantau.detection.cli classify --input posts.jsonl [--output out.jsonl]

``classify`` reads JSONL (one object per line with ``id`` and ``text``), CSV (header with ``id`` and
``text`` columns) or stdin, and writes one JSON line per input line/record, in order. A line that cannot be
read or analysed produces ``{"id": ..., "error": "..."}`` and the run goes on.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

__all__ = ["train_main", "eval_main", "classify_main", "main"]

DEFAULT_BATCH = 256
MAX_LINE_BYTES = 16 * 1024 * 1024  # a longer input line is rejected (memory bound); texts are capped later


def _err(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------- train

def train_main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="pantau train", description="Train the detection model (seeded, de-duplicated).")
    p.add_argument("--datasets", help="folder with the shared datasets (default: ../shared/datasets or "
                                      "$PANTAU_DATASETS)")
    p.add_argument("--out", help="output model directory (default: the package model directory)")
    p.add_argument("--extra-labels", action="append", default=[], metavar="FILE",
                   help="analyst feedback JSONL (docs/detection.md); may be repeated")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--jobs", type=int, default=2, help="parallel processes (default 2)")
    p.add_argument("--tune-thresholds", action="store_true", help="F1-optimal thresholds instead of the balanced "
                                                                  "model's boundary")
    p.add_argument("--no-calibrate", action="store_true", help="skip Platt calibration (faster, for tests)")
    p.add_argument("--datasets-list", default="id_multilabel_hs,netifier",
                   help="comma-separated datasets to train on (default: id_multilabel_hs,netifier)")
    args = p.parse_args(argv)

    from .model import MODEL_DIR
    from .training import build_corpus, load_feedback, train_model

    feedback = []
    for f in args.extra_labels:
        try:
            feedback += load_feedback(f)
        except (OSError, ValueError) as e:
            _err(f"error: {e}")
            return 2
    names = [n.strip() for n in args.datasets_list.split(",") if n.strip()]
    try:
        corpus = build_corpus(names, args.datasets, feedback=feedback)
    except FileNotFoundError as e:
        _err(f"error: dataset file missing: {e} (set --datasets or $PANTAU_DATASETS)")
        return 2
    _err(f"corpus: {len(corpus)} de-duplicated texts from {', '.join(names)}"
         + (f" + {len(feedback)} feedback rows" if feedback else ""))
    model = train_model(corpus, seed=args.seed, n_jobs=args.jobs, calibrate=not args.no_calibrate,
                        tune_thresholds=args.tune_thresholds, log=_err)
    out = Path(args.out) if args.out else MODEL_DIR
    model.save(out)
    size = sum(f.stat().st_size for f in out.iterdir() if f.is_file())
    _err(f"saved model {model.version} to {out} ({size / 1e6:.2f} MB)")
    return 0


# ----------------------------------------------------------------------------------------------- eval

def _fmt_prf(m: dict | None) -> str:
    if not m:
        return "      -         "
    return f"{m['precision']:.3f} {m['recall']:.3f} {m['f1']:.3f}"


def print_report(rep: dict, out=sys.stdout) -> None:
    w = out.write
    ds = rep["datasets"]["id_multilabel_hs"]
    pub = ds["published"]
    w(f"\nid_multilabel_hs: {ds['rows']} rows, {ds['rows_dedup']} after de-duplication by normalised text; "
      f"seed {rep['seed']}; licence {ds['licence']}\n")
    for split, title in (("cv", f"{rep['folds']}-fold cross-validation (de-duplicated, grouped by normalised text)"),
                         ("holdout", f"held-out split ({ds['holdout']['train_rows']} train / "
                                     f"{ds['holdout']['test_rows']} test)")):
        w(f"\n{title}\n")
        w(f"{'label':<13} {'ours  P     R     F1':<20} {'baseline P R F1':<20} {'issue ref F1':>12} {'target F1':>10}\n")
        for lab, m in ds[split]["ours"].items():
            b = ds[split].get("baseline", {}).get(lab)
            ref = pub.get("f1_reference", {}).get(lab)
            tgt = pub.get("f1_target", {}).get(lab)
            w(f"{lab:<13} {_fmt_prf(m):<20} {_fmt_prf(b):<20} {ref if ref is not None else '-':>12} "
              f"{tgt if tgt is not None else '-':>10}\n")
    w("\nbaseline = sklearn TfidfVectorizer word 1-2 + char 2-5 on the repaired raw text, LogisticRegression "
      "(C=4, class_weight=balanced), trained and scored on the same folds in this run.\n")
    w(f"published (SOURCE.md): {pub.get('note')}\n")
    cross = rep.get("cross_dataset")
    if cross:
        w("\ncross-dataset generalisation (ours)\n")
        for k, m in cross.items():
            if isinstance(m, dict):
                w(f"  {k}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
                  f"(n={m['test_rows']}, positives {m['support']})\n")
            else:
                w(f"  {k}: {m}\n")
    hoax = rep.get("hoax")
    if hoax:
        w("\nhoax sets (evaluated, NOT shipped as a head; see docs/model-card.md)\n")
        for k, m in hoax.items():
            w(f"  {k}: P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} acc {m['accuracy']:.3f} "
              f"(n={m['n']}, positives {m['positives']})\n")
    for name, cs in rep.get("case_sets", {}).items():
        w(f"\nhand-written cases '{name}': {cs['description']}\n  {cs['cases']} synthetic cases, full detector "
          f"(rules + model), exact match {cs['exact_match']:.3f}\n")
        for lab, m in cs["labels"].items():
            w(f"  {lab:<15} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} (positives {m['support']})\n")
        for e in cs.get("errors", [])[:30]:
            w(f"  miss: {e['text'][:80]!r} expected {e['expected']} got {e['got']}\n")
    rates = rep.get("flag_rates")
    if rates:
        w("\nflag rate of the full detector on corpora without (many) election violations "
          "(upper bound of false positives for the rule labels)\n")
        w(f"  {'corpus':<38} {'n':>5} " + " ".join(f"{lab[:10]:>10}" for lab in next(iter(rates.values())) if lab != "n") + "\n")
        for name, r in rates.items():
            w(f"  {name:<38} {r['n']:>5} " + " ".join(f"{v:>10.3f}" for k, v in r.items() if k != "n") + "\n")
    from .datasets import DATASETS

    w("\nother datasets (published figures from SOURCE.md)\n")
    for name, d in DATASETS.items():
        if name != "id_multilabel_hs":
            w(f"  {name}: {d['published'].get('note')} [licence: {d['licence']}]\n")
    w(f"\ntotal time {rep.get('seconds')} s\n")


def eval_main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="pantau eval", description="Per-label P/R/F1: CV, held-out, baseline, published.")
    p.add_argument("--datasets", help="folder with the shared datasets")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--no-baseline", action="store_true")
    p.add_argument("--no-cross", action="store_true", help="skip the cross-dataset checks")
    p.add_argument("--json", metavar="FILE", help="also write the report as JSON")
    args = p.parse_args(argv)
    from .training import evaluate

    try:
        rep = evaluate(args.datasets, folds=args.folds, seed=args.seed, baseline=not args.no_baseline,
                       n_jobs=args.jobs, cross_dataset=not args.no_cross, log=_err)
    except FileNotFoundError as e:
        _err(f"error: dataset file missing: {e} (set --datasets or $PANTAU_DATASETS)")
        return 2
    print_report(rep)
    if args.json:
        Path(args.json).write_text(json.dumps(rep, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


# ----------------------------------------------------------------------------------------------- classify

class _Row:
    __slots__ = ("ident", "text", "context", "error")

    def __init__(self, ident=None, text=None, context=None, error=None):
        self.ident = ident
        self.text = text
        self.context = context
        self.error = error


def _read_line(fh, limit: int) -> tuple[bytes | None, bool]:
    """Read one line of at most ``limit`` bytes; returns (line, too_long). Overlong lines are skipped."""
    line = fh.readline(limit + 1)
    if not line:
        return None, False
    if len(line) > limit and not line.endswith(b"\n"):
        while True:  # discard the rest of the line in bounded chunks
            more = fh.readline(1 << 20)
            if not more or more.endswith(b"\n"):
                break
        return b"", True
    return line, False


def _row_context(obj: dict, base: dict | None) -> dict | None:
    ctx = dict(base) if base else {}
    c = obj.get("context")
    if isinstance(c, dict):
        ctx.update(c)
    if "posted_at" in obj:
        ctx["posted_at"] = obj["posted_at"]
    return ctx or None


def _iter_jsonl(fh, limit: int, base_ctx: dict | None, id_field: str, text_field: str) -> Iterator[_Row]:
    lineno = 0
    while True:
        line, too_long = _read_line(fh, limit)
        if line is None:
            return
        lineno += 1
        if too_long:
            yield _Row(error=f"line {lineno}: longer than {limit} bytes")
            continue
        try:
            s = line.decode("utf-8")
        except UnicodeDecodeError:
            yield _Row(error=f"line {lineno}: not valid UTF-8")
            continue
        s = s.strip().lstrip("\ufeff")
        if not s:
            yield _Row(error=f"line {lineno}: empty line")
            continue
        try:
            obj = json.loads(s)
        except (json.JSONDecodeError, RecursionError) as e:
            yield _Row(error=f"line {lineno}: invalid JSON ({str(e)[:80]})")
            continue
        if not isinstance(obj, dict):
            yield _Row(error=f"line {lineno}: expected a JSON object")
            continue
        ident = obj.get(id_field)
        if isinstance(ident, dict | list):
            ident = json.dumps(ident, ensure_ascii=False)[:200]
        text = obj.get(text_field)
        if not isinstance(text, str):
            yield _Row(ident, error=f"line {lineno}: '{text_field}' missing or not a string")
            continue
        try:
            ctx = _row_context(obj, base_ctx)
        except (TypeError, ValueError) as e:
            yield _Row(ident, error=f"line {lineno}: bad context ({e})")
            continue
        yield _Row(ident, text, ctx)


def _iter_csv(fh, limit: int, base_ctx: dict | None, id_field: str, text_field: str) -> Iterator[_Row]:
    text_stream = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
    old = csv.field_size_limit()
    csv.field_size_limit(limit)
    try:
        reader = csv.reader(text_stream)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield _Row(error=f"header: malformed CSV ({e})")
            return
        header = [h.strip() for h in header]
        if text_field not in header:
            yield _Row(error=f"header: no '{text_field}' column (found {header[:10]})")
            return
        ti = header.index(text_field)
        ii = header.index(id_field) if id_field in header else None
        pi = header.index("posted_at") if "posted_at" in header else None
        recno = 0
        while True:
            try:
                rec = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                recno += 1
                yield _Row(error=f"record {recno}: malformed CSV ({str(e)[:80]})")
                continue
            recno += 1
            ident = rec[ii] if ii is not None and ii < len(rec) else None
            if len(rec) != len(header):
                yield _Row(ident, error=f"record {recno}: expected {len(header)} fields, got {len(rec)}")
                continue
            obj = {"posted_at": rec[pi]} if pi is not None and rec[pi] else {}
            yield _Row(ident, rec[ti], _row_context(obj, base_ctx))
    finally:
        csv.field_size_limit(old)


def _detect_format(path: str | None, head: bytes) -> str:
    if path and path != "-":
        ext = Path(path).suffix.lower()
        if ext == ".csv":
            return "csv"
        if ext in (".jsonl", ".ndjson", ".json"):
            return "jsonl"
    s = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "jsonl" if s.startswith(b"{") or not s else "csv"


class _Peek(io.RawIOBase):
    """Binary stream with a pushed-back prefix (to sniff the format of stdin)."""

    def __init__(self, head: bytes, rest) -> None:
        self._buf = io.BytesIO(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self._buf.readinto(b)
        if n:
            return n
        data = self._rest.read(len(b))
        if not data:
            return 0
        b[: len(data)] = data
        return len(data)


def _validate_text(text: str) -> str | None:
    if not text.strip():
        return "empty text"
    sample = text[:20000]
    if not any(ch.isalnum() for ch in sample) and not any(ch.isalnum() for ch in text[20000:200000]):
        return "no analysable text (binary or only symbols)"
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n"))
    if bad > 0.3 * len(sample):
        return "looks like binary data, not text"
    return None


def classify_main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="pantau classify", description="Classify texts; JSONL/CSV/stdin in, JSONL out.")
    p.add_argument("--input", "-i", default="-", help="input file (.jsonl or .csv); '-' or omitted = stdin")
    p.add_argument("--output", "-o", default="-", help="output JSONL file ('-' = stdout)")
    p.add_argument("--format", choices=("auto", "jsonl", "csv"), default="auto")
    p.add_argument("--id-field", default="id")
    p.add_argument("--text-field", default="text")
    p.add_argument("--model", help="model directory (default: the shipped model)")
    p.add_argument("--no-model", action="store_true", help="rules only")
    p.add_argument("--registry", help="JSON file with candidates/parties/regions (see pantau.detection.Registry)")
    p.add_argument("--context", help="JSON file with a context applied to every row (e.g. quiet_period)")
    p.add_argument("--quiet-period", metavar="START,END", help="quiet period dates, e.g. 2024-11-24,2024-11-26")
    p.add_argument("--batch-size", type=int, default=DEFAULT_BATCH)
    p.add_argument("--max-line-bytes", type=int, default=MAX_LINE_BYTES)
    p.add_argument("--progress", dest="progress", action="store_true", default=None, help="force a progress bar")
    p.add_argument("--no-progress", dest="progress", action="store_false")
    p.add_argument("--explain", action=argparse.BooleanOptionalAction, default=True,
                   help="model evidence spans (default on)")
    args = p.parse_args(argv)

    from .engine import Detector
    from .model import LinearModel

    try:
        model = None if args.no_model else (LinearModel.load(args.model) if args.model else "default")
        registry = json.loads(Path(args.registry).read_text(encoding="utf-8")) if args.registry else None
        base_ctx = json.loads(Path(args.context).read_text(encoding="utf-8")) if args.context else {}
        if args.quiet_period:
            a, b = args.quiet_period.split(",")
            base_ctx["quiet_period"] = (a.strip(), b.strip())
        det = Detector(model=model, registry=registry)
    except (OSError, ValueError, TypeError, KeyError) as e:
        _err(f"error: {e}")
        return 2

    if args.input == "-":
        raw = sys.stdin.buffer
        head = raw.peek(4096)[:4096] if hasattr(raw, "peek") else raw.read(4096)
        fh = raw if hasattr(raw, "peek") else io.BufferedReader(_Peek(head, raw))
        total = None
    else:
        try:
            fh = open(args.input, "rb")  # noqa: SIM115 - closed below
        except OSError as e:
            _err(f"error: {e}")
            return 2
        head = fh.peek(4096)[:4096]
        total = os.fstat(fh.fileno()).st_size
    fmt = args.format if args.format != "auto" else _detect_format(args.input, head)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    rows = (_iter_csv if fmt == "csv" else _iter_jsonl)(fh, args.max_line_bytes, base_ctx or None,
                                                       args.id_field, args.text_field)
    from tqdm import tqdm

    disable = (not args.progress) if args.progress is not None else None
    bar = tqdm(total=total, unit="B", unit_scale=True, file=sys.stderr, disable=disable, mininterval=0.5,
               desc="classify")
    n_ok = n_err = 0
    last_pos = 0
    try:
        batch: list[_Row] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= args.batch_size:
                ok, bad = _flush(det, batch, out, args.explain)
                n_ok += ok
                n_err += bad
                batch = []
                if total:
                    try:
                        pos = fh.tell()
                        bar.update(pos - last_pos)
                        last_pos = pos
                    except (OSError, ValueError):
                        pass
        if batch:
            ok, bad = _flush(det, batch, out, args.explain)
            n_ok += ok
            n_err += bad
        if total:
            bar.update(max(0, total - last_pos))
    finally:
        bar.close()
        if out is not sys.stdout:
            out.close()
        else:
            out.flush()
        if args.input != "-":
            fh.close()
    _err(f"classified {n_ok} rows, {n_err} errors")
    return 0


def _flush(det, batch: list, out, explain: bool) -> tuple[int, int]:
    results: list[dict] = [{}] * len(batch)
    todo = []
    for i, r in enumerate(batch):
        if r.error is None:
            msg = _validate_text(r.text)
            if msg:
                r.error = msg
        if r.error is not None:
            results[i] = {"id": r.ident, "error": r.error}
        else:
            todo.append(i)
    if todo:
        try:
            analyses = det.analyse_many([batch[i].text for i in todo], [batch[i].context for i in todo],
                                        explain=explain)
            for i, a in zip(todo, analyses, strict=True):
                results[i] = a.to_contract(batch[i].ident)
        except Exception:  # noqa: BLE001 - isolate the failing row, keep the run going
            for i in todo:
                try:
                    a = det.analyse_many([batch[i].text], [batch[i].context], explain=explain)[0]
                    results[i] = a.to_contract(batch[i].ident)
                except Exception as e:  # noqa: BLE001
                    results[i] = {"id": batch[i].ident, "error": f"analysis failed: {type(e).__name__}: {e}"[:300]}
    n_err = 0
    for res in results:
        if "error" in res:
            n_err += 1
        out.write(json.dumps(res, ensure_ascii=False) + "\n")
    return len(results) - n_err, n_err


# ----------------------------------------------------------------------------------------------- main

def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    cmds = {"train": train_main, "eval": eval_main, "classify": classify_main}
    if not argv or argv[0] not in cmds:
        _err("usage: python -m pantau.detection.cli {train,eval,classify} [options]")
        return 2
    return cmds[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main())
