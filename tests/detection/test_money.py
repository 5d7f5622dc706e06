"""Money amounts: integers of rupiah, spans into the original text."""

from __future__ import annotations

import pytest

from pantau.detection import parse_money


@pytest.mark.parametrize(("text", "values"), [
    ("amplop 50rb", [50_000]),
    ("dapat 100 ribu", [100_000]),
    ("1,5 juta", [1_500_000]),
    ("1.5jt", [1_500_000]),
    ("Rp250.000", [250_000]),
    ("Rp 1.500.000,00", [1_500_000]),
    ("Rp. 50.000", [50_000]),
    ("150 per kepala", [150_000]),
    ("Rp50 per orang", [50_000]),
    ("50k/org", [50_000]),
    ("50 rb per KK", [50_000]),
    ("seratus ribu", [100_000]),
    ("lima puluh ribu", [50_000]),
    ("dua ratus lima puluh ribu", [250_000]),
    ("setengah juta", [500_000]),
    ("sejuta", [1_000_000]),
    ("goceng aja", [5_000]),
    ("250000 rupiah", [250_000]),
    ("Rp 2 M", [2_000_000_000]),
    ("amplop 20rb dan 50rb", [20_000, 50_000]),
])
def test_amounts(text, values):
    assert [m.value for m in parse_money(text)] == values


@pytest.mark.parametrize("text", ["tahun 2024 ada 3 paslon", "TPS 05 di RT 03", "nomor urut 2", "jam 10 pagi",
                                  "tanggal 27/11/2024", ""])
def test_not_money(text):
    assert parse_money(text) == []


def test_spans_and_per_unit():
    text = "Besok ado siraman Rp 100.000 per kepala, syaratnyo coblos nomor 2"
    (m,) = parse_money(text)
    assert m.value == 100_000
    assert text[m.start:m.end] == m.text == "Rp 100.000 per kepala"
    assert m.per == "kepala"
    assert not m.implied
    (m2,) = parse_money("150 per kepala")
    assert m2.implied and m2.per == "kepala"
    assert set(m.to_dict()) == {"value", "start", "end", "text", "per", "implied"}
