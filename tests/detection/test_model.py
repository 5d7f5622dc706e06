"""The shipped model: safe format (no pickle), fast load, save -> load gives the same scores as in memory."""

from __future__ import annotations

import json
import time
import zipfile

import numpy as np
import pytest

from pantau.detection.features import FeatureSpec
from pantau.detection.model import MODEL_DIR, LinearModel
from pantau.detection.normalise import normalise, normalise_text
from pantau.detection.training import build_corpus, train_model

from ._synthetic import feedback_rows

TEXTS = ["Besok ado amplop 50rb per KK, syaratnyo pilih nomor 2", "dasar cina babi pulang sana",
         "harga sawit turun lagi di Tebo", "", "x", "kafir laknat " * 300]


def test_shipped_model_dir_has_no_pickle():
    files = sorted(p for p in MODEL_DIR.iterdir() if p.is_file())
    assert {p.suffix for p in files} <= {".json", ".npz"}, files
    for p in files:
        head = p.read_bytes()[:4]
        assert not head.startswith(b"\x80"), f"{p.name} looks like a pickle"
        assert p.suffix not in (".pkl", ".pickle", ".joblib")
    npz = MODEL_DIR / "model.npz"
    with zipfile.ZipFile(npz) as z:
        assert all(n.endswith(".npy") for n in z.namelist())
    with np.load(npz, allow_pickle=False) as z:
        for k in z.files:
            assert z[k].dtype != object, k


def test_shipped_model_loads_fast_and_is_versioned():
    t0 = time.perf_counter()
    m = LinearModel.load(MODEL_DIR)
    assert time.perf_counter() - t0 < 1.0
    meta = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    assert meta["format_version"] == 1 and meta["version"]
    assert meta["training_data"], "training data hashes must be recorded"
    for d in meta["training_data"].values():
        assert all(len(h) == 64 for k, h in d.items() if k != "rows")
    assert {"abusive", "sara", "defamation"} <= set(m.heads)
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert size < 6_000_000


def test_shipped_model_scores_are_probabilities():
    m = LinearModel.load(MODEL_DIR)
    p = m.predict_proba([normalise_text(t) for t in TEXTS])
    assert p.shape == (len(TEXTS), len(m.heads))
    assert np.all((p >= 0) & (p <= 1))


@pytest.fixture(scope="module")
def small_model():
    corpus = build_corpus(datasets=(), feedback=feedback_rows())
    return train_model(corpus, n_jobs=1, calib_folds=3, min_df=1)


def test_feedback_only_heads(small_model):
    assert "politik_uang" in small_model.heads and "sara" in small_model.heads
    assert small_model.meta["label_heads"]["politik_uang"] == ["politik_uang"]


def test_round_trip_same_scores(small_model, tmp_path):
    texts = [normalise_text(t) for t in TEXTS]
    before = small_model.decision_function(texts)
    small_model.save(tmp_path)
    loaded = LinearModel.load(tmp_path)
    after = loaded.decision_function(texts)
    np.testing.assert_array_equal(before, after)
    np.testing.assert_array_equal(small_model.predict_proba(texts), loaded.predict_proba(texts))
    assert loaded.thresholds == small_model.thresholds
    assert {p.suffix for p in tmp_path.iterdir()} == {".json", ".npz"}


def test_training_is_deterministic(small_model, tmp_path):
    corpus = build_corpus(datasets=(), feedback=feedback_rows())
    again = train_model(corpus, n_jobs=1, calib_folds=3, min_df=1)
    texts = [normalise_text(t) for t in TEXTS]
    np.testing.assert_array_equal(small_model.decision_function(texts), again.decision_function(texts))


def test_feedback_head_used_by_detector(small_model):
    from pantau.detection import Detector

    det = Detector(model=small_model)
    a = det.analyse("tim sukses bagi amplop 50rb di RT 03 asal coblos nomor 2")
    assert "politik_uang" in a.model_scores
    assert a.model_scores["politik_uang"] > 0.5


def test_contributions_sum_to_score(small_model):
    norms = [normalise(t) for t in TEXTS[:3]]
    texts, views = [n.text for n in norms], [n.view for n in norms]
    z = small_model.decision_function(texts, views)
    h = small_model.heads.index("politik_uang")
    for t, v, zi, words in zip(texts, views, z, small_model.contributions(texts, [h] * len(texts), views=views),
                               strict=True):
        assert sum(c for *_, c in words) == pytest.approx(float(zi[h] - small_model.bias[h]), abs=1e-4)
        for space, a, b, _ in words:
            src = t if space == "n" else v
            assert src[a:b] and " " not in src[a:b]


@pytest.mark.parametrize("norm", ["log-l2", "l2", "occurrence"])
def test_repeating_an_ngram_cannot_inflate_a_score(norm):
    """A text of one word repeated 10,000 times: under the L2 norms it scores like the word once; the norm of
    older model files (kept so that they still load) grows with sqrt(repetitions), which the L2 norms fix."""
    spec = FeatureSpec(norm=norm)
    rng = np.random.default_rng(0)
    model = LinearModel(spec=spec, heads=["h"], idf_word=np.ones(1 << 18, np.float32),
                        idf_char=np.ones(1 << 18, np.float32),
                        w_word=rng.normal(size=(1 << 18, 1)).astype(np.float32),
                        w_char=rng.normal(size=(1 << 18, 1)).astype(np.float32), bias=np.zeros(1, np.float32),
                        calib_a=np.ones(1), calib_b=np.zeros(1))
    once, many = model.decision_function(["kafir", " ".join(["kafir"] * 10_000)])[:, 0]
    if norm != "occurrence":
        assert abs(many) < 2 * abs(once) + 0.5
    else:
        assert abs(many) > 20 * abs(once)


def test_shipped_model_does_not_flag_junk():
    from pantau.detection import analyse

    for junk in ("x" * 200_000, "wkwkwk " * 5000, "P"):
        assert analyse(junk).labels == [], junk[:20]


def test_compiled_scoring_loop_is_built():
    """The C loop is what makes scoring fast; it is optional for installs without a compiler, but this project's
    machines have one, so a silent build failure should show here."""
    from pantau.detection import model

    assert model._fastscore is not None


def test_compiled_and_numpy_scoring_agree():
    from pantau.detection import model

    if model._fastscore is None:
        pytest.skip("the C loop is not built")
    m = LinearModel.load(MODEL_DIR)
    raw = TEXTS + ["", " ", "😀 emoji ✓ ünïcödé", "\ud800 lone surrogate", "a" * 30_000, "kafir " * 5_000,
                   "  spasi   banyak  ", "Rp250.000 amplop 50rb per KK"]
    norms = [normalise(t) for t in raw]
    texts, views = [n.text for n in norms], [n.view for n in norms]
    c = m.decision_function(texts, views, engine="c")
    ref = m.decision_function(texts, views, engine="numpy")
    np.testing.assert_allclose(c, ref, rtol=1e-4, atol=1e-5)
    assert m.decision_function([], engine="c").shape == (0, len(m.heads))
