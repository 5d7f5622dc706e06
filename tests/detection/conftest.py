"""Fixtures for the detection tests: no database, no Django models."""

from __future__ import annotations

import pytest

from pantau.detection import Detector, Registry
from pantau.detection.datasets import available


@pytest.fixture(scope="session")
def fictional_registry() -> Registry:
    """FICTIONAL candidates (never real people)."""
    return Registry(candidates=[
        {"id": "pilgub-1", "name": "Darmawan Putra", "aliases": ["darmawan"], "number": 1, "region": "15"},
        {"id": "pilgub-2", "name": "Rizal Hakim", "aliases": ["rizal", "rizal nurlela"], "number": 2, "region": "15"},
        {"id": "pilbup-3", "name": "Yusnita Anggraini", "aliases": ["yusnita"], "number": 3, "region": "15.08"},
    ])


@pytest.fixture(scope="session")
def detector(fictional_registry) -> Detector:
    """The shipped model plus the fictional registry."""
    return Detector(registry=fictional_registry)


@pytest.fixture(scope="session")
def rules_only(fictional_registry) -> Detector:
    return Detector(model=None, registry=fictional_registry)


@pytest.fixture(scope="session")
def have_datasets() -> bool:
    return "id_multilabel_hs" in available()


def needs_datasets():
    return pytest.mark.skipif("id_multilabel_hs" not in available(),
                              reason="../shared/datasets not available")
