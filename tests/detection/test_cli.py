"""``classify``: JSONL/CSV/stdin in, one JSON line per input line out, in order; bad rows give an error line and
the run goes on."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from pantau.detection.cli import classify_main, main


def _run(tmp_path, content: bytes, name="in.jsonl", extra=()):
    src = tmp_path / name
    src.write_bytes(content)
    out = tmp_path / "out.jsonl"
    rc = classify_main(["--input", str(src), "--output", str(out), "--no-progress", *extra])
    assert rc == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_jsonl_with_bad_rows(tmp_path):
    lines = [
        json.dumps({"id": 1, "text": "Besok ado amplop 50rb per KK, syaratnyo pilih nomor 2"}),
        "{not json",
        json.dumps({"id": 3}),
        json.dumps({"id": 4, "text": ""}),
        json.dumps([1, 2, 3]),
        "",
        json.dumps({"id": "six", "text": 42}),
        json.dumps({"id": 7, "text": "\x00\x01\x02\x03\x04\x05\x06"}),
        json.dumps({"id": 8, "text": "Kades Talang Pelita ajak warga pilih paslon nomor 1 saat bagi BLT"}),
    ]
    content = ("\n".join(lines) + "\n").encode() + b"\xff\xfe\xfa binary junk \x00\n" + \
        (json.dumps({"id": 10, "text": "Harga sawit turun lagi di Tebo"}) + "\n").encode()
    rows = _run(tmp_path, content)
    assert len(rows) == 11
    assert rows[0]["id"] == 1 and "politik_uang" in rows[0]["labels"]
    assert set(rows[0]) >= {"id", "labels", "scores", "evidence", "election_related", "regions"}
    assert "error" in rows[1] and "invalid JSON" in rows[1]["error"]
    assert rows[2] == {"id": 3, "error": "line 3: 'text' missing or not a string"}
    assert rows[3]["id"] == 4 and rows[3]["error"] == "empty text"
    assert "expected a JSON object" in rows[4]["error"]
    assert "empty line" in rows[5]["error"]
    assert rows[6]["id"] == "six" and "error" in rows[6]
    assert rows[7]["id"] == 7 and "error" in rows[7]
    assert rows[8]["id"] == 8 and "netralitas" in rows[8]["labels"]
    assert "not valid UTF-8" in rows[9]["error"]
    assert rows[10]["id"] == 10 and rows[10]["labels"] == []


def test_overlong_line_is_rejected_and_run_continues(tmp_path):
    big = json.dumps({"id": "big", "text": "amplop " * 5000})
    content = (big + "\n" + json.dumps({"id": "ok", "text": "amplop 50rb pilih nomor 2"}) + "\n").encode()
    rows = _run(tmp_path, content, extra=["--max-line-bytes", "10000"])
    assert "longer than" in rows[0]["error"]
    assert rows[1]["id"] == "ok" and "politik_uang" in rows[1]["labels"]


def test_csv_input_with_malformed_rows(tmp_path):
    content = (
        b"id,text,posted_at\r\n"
        b"a,\"Tolak politik uang! Jangan terima amplop\",2024-11-01\r\n"
        b"b,\"Ayo coblos nomor 2, pilih Rizal\",2024-11-25\r\n"
        b"c,only two fields\r\n"
        b"d,\"Kalau paslon kito kalah, bakar saja kantor KPU!\",\r\n"
    )
    rows = _run(tmp_path, content, name="in.csv", extra=["--quiet-period", "2024-11-24,2024-11-26"])
    assert [r.get("id") for r in rows] == ["a", "b", "c", "d"]
    assert rows[0]["labels"] == []
    assert "masa_tenang" in rows[1]["flags"]
    assert "error" in rows[2]
    assert "hasutan" in rows[3]["labels"]


def test_csv_without_text_column(tmp_path):
    rows = _run(tmp_path, b"id,body\n1,hello\n", name="x.csv")
    assert len(rows) == 1 and "no 'text' column" in rows[0]["error"]


def test_stdin_module_entry_point(tmp_path):
    data = "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(
        ["amplop 50rb pilih nomor 2", "selamat pagi Jambi", "{broken"])) + "\n{broken\n"
    proc = subprocess.run([sys.executable, "-m", "pantau.detection.cli", "classify", "--no-progress"],
                          input=data.encode(), capture_output=True, timeout=120, check=True)
    out = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert len(out) == 4
    assert out[0]["id"] == 0 and "politik_uang" in out[0]["labels"]
    assert "error" in out[3]


def test_registry_and_context_files(tmp_path):
    reg = tmp_path / "reg.json"
    reg.write_text(json.dumps({"candidates": [{"id": "c9", "name": "Fulan Fiktif", "aliases": ["fulan"],
                                               "number": 9}]}), encoding="utf-8")
    rows = _run(tmp_path, (json.dumps({"id": 1, "text": "Coblos Fulan nomor 9!", "posted_at": "2024-11-25"})
                           + "\n").encode(), extra=["--registry", str(reg), "--quiet-period", "2024-11-24,2024-11-26"])
    assert any(e["id"] == "c9" for e in rows[0]["entities"])
    assert "masa_tenang" in rows[0]["flags"]


def test_main_usage():
    assert main([]) == 2
    assert main(["nope"]) == 2


def test_missing_input_file(tmp_path):
    assert classify_main(["--input", str(tmp_path / "missing.jsonl"), "--no-progress"]) == 2


@pytest.mark.parametrize("argv", [["--help"]])
def test_help(argv, capsys):
    for fn in ("train_main", "eval_main", "classify_main"):
        import pantau.detection.cli as cli

        with pytest.raises(SystemExit):
            getattr(cli, fn)(argv)
