"""The lead's permission matrix (tests/test_permission_matrix.py), run on the monitoring routes only, so that
monitoring's part of it can be checked while other apps' routes are still being registered."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest


def _matrix_module():
    path = Path(__file__).resolve().parents[1] / "test_permission_matrix.py"
    spec = importlib.util.spec_from_file_location("permission_matrix_for_monitoring", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_monitoring_routes_as_every_role(demo_users, monkeypatch):
    matrix = _matrix_module()
    everything = list(matrix.routes())
    mine = [(name, pattern) for name, pattern in everything
            if name.startswith("monitoring") or pattern.startswith(("pengawasan/", "api/v1/monitoring/"))]
    assert len(mine) >= 20, mine  # the filter found the app's pages and API routes
    monkeypatch.setattr(matrix, "routes", lambda: iter(mine))
    matrix.test_every_route_as_every_role(demo_users)
