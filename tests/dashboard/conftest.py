from __future__ import annotations

import importlib.util
import sys
from importlib.resources import files
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "dashboard_data.py"


def _generator():
    spec = importlib.util.spec_from_file_location("dashboard_data", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["dashboard_data"] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def election(jambi_regions):
    from pantau.elections.loading import load_election

    return load_election(files("pantau.elections").joinpath("data", "pilkada-2024-jambi.json"))


@pytest.fixture
def synthetic(election, demo_users):
    """A small, deterministic data set across all 11 kab/kota, with aggregates refreshed."""
    from pantau.dashboard.services.refresh import refresh

    data = _generator()
    counts = data.generate(data.Scale(content=1500, reports=400, findings=80, cases=150, groups=20), seed=7,
                           progress=lambda _msg: None)
    refresh(full=True)
    return counts
