"""Normaliser: slang, Jambi Malay, negation, elongation, leetspeak, emoji, URLs, mentions, hashtags, numbers;
and the offset map back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pantau.detection.normalise import Normalised, normalise, segment_hashtag


@pytest.mark.parametrize(("raw", "expected"), [
    ("gw ga mau", "saya tidak mau"),
    ("gue gak mau, nggak akan", "saya tidak mau , tidak akan"),
    ("yg bgt dll", "yang sangat dan lain lain"),
    ("tdk blm jgn bkn", "tidak belum jangan bukan"),
    ("kito dak ado duit nian bae", "kita tidak ada uang sangat saja"),
    ("idak katek apo cakmano", "tidak tidak ada apa bagaimana"),
    ("syaratnyo katonyo siapo pacak", "syaratnya katanya siapa bisa"),
    ("bangettt kafiiiir maaaaf", "sangat kafir maaf"),
    ("wkwkwkwk hahahaha", "wkwk wkwk"),
    ("b4ngs4t anj1ng t3tap", "bangsat anjing tetap"),
    ("anak2 kita\u00b2 bagi-bagi", "anak anak kita kita bagi bagi"),
    ("no2 nomor 02 paslon01", "nomor 2 nomor 2 paslon 1"),
    ("cek https://t.co/AbC123 dan www.contoh.id/x", "cek url dan url"),
    ("@calon_x @Budi_99 halo", "@user @user halo"),
    ("#TolakPolitikUang #pilkadajambi #2024Damai", "tolak politik uang pilkada jambi 2024 damai"),
    ("amplop 50rb, 100 ribu, 1,5jt, Rp250.000", "amplop 50 ribu , 100 ribu , 1,5 juta , rp 250000"),
    ("Rp. 1.500.000,00 50k 2x", "rp 1500000 50 ribu 2 kali"),
    ("\U0001F4B0\U0001F437 uang", "uang babi uang"),
    ("!!! ??? ...", "! ? ."),
    ("RT USER: USER halo URL", "rt @user @user halo url"),
])
def test_normalise_cases(raw, expected):
    assert normalise(raw).text == expected


def test_negation_survives():
    for raw in ("gw ga mau dibayar", "aku gak terima amplop", "kami dak nak pilih", "ndak mau", "tak sudi"):
        assert "tidak" in normalise(raw).text.split()


def test_hashtag_segmentation_needs_known_words():
    assert segment_hashtag("tolakpolitikuang") == ("tolak", "politik", "uang")
    assert segment_hashtag("xqzvbnmwrt") == ("xqzvbnmwrt",)


def test_offsets_point_into_original():
    raw = "Gw ga mau amplop 50rb dari timses #TolakPolitikUang @calon_x bangettt"
    n = normalise(raw)
    toks = dict((t, raw[a:b]) for t, a, b in n.token_spans())
    assert toks["saya"] == "Gw"
    assert toks["tidak"] == "ga"
    assert toks["amplop"] == "amplop"
    assert toks["50"] == "50rb" and toks["ribu"] == "50rb"
    assert toks["politik"] == "#TolakPolitikUang"
    assert toks["@user"] == "@calon_x"
    assert toks["sangat"] == "bangettt"


def test_span_mapping_partial_and_multi_token():
    raw = "Besok ada AMPLOP lima puluh ribu"
    n = normalise(raw)
    i = n.text.index("amplop")
    a, b = n.to_original(i, i + len("amplop"))
    assert raw[a:b] == "AMPLOP"
    a, b = n.to_original(i + 2, i + 4)  # inside an exact token: character-exact
    assert raw[a:b] == "PL"
    j = n.text.index("lima puluh ribu")
    a, b = n.to_original(j, j + len("lima puluh ribu"))
    assert raw[a:b] == "lima puluh ribu"


def test_empty_and_symbols():
    assert normalise("").text == ""
    assert normalise("   \n\t ").text == ""
    assert normalise("***  ###").text == ""
    assert normalise("").to_original(0, 1) == (0, 0)


def test_type_error():
    with pytest.raises(TypeError):
        normalise(None)  # type: ignore[arg-type]


def _rebuilt(n: Normalised) -> str:
    n._build()
    return " ".join(n.text[a:b] for a, b in zip(n._n_starts, n._n_ends, strict=True))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_fast_path_and_offset_map_agree(raw):
    n = normalise(raw)
    assert _rebuilt(n) == n.text
    for a, b in zip(n._n_starts, n._n_ends, strict=True):
        oa, ob = n.to_original(a, b)
        assert 0 <= oa <= ob <= len(raw)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["gw", "ga", "amplop", "50rb", "Rp250.000", "#TolakPolitikUang", "@x_y", "kito",
                                 "dak", "b4ngs4t", "anak2", "!!!", "\U0001F4B0", "https://t.co/x", "1,5jt",
                                 "Kota Jambi", "SPN", "bagi-bagi", "  ", "\n"]), max_size=30))
def test_tokens_map_to_their_source(parts):
    raw = " ".join(parts)
    n = normalise(raw)
    for tok, a, b in n.token_spans():
        src = raw[a:b]
        assert src.strip() == src and src  # a real token of the input
        if tok.isalpha() and tok == src.lower():
            assert src.lower() == tok
