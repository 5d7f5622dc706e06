"""pantau.detection is pure Python: no Django/DRF/Celery, and inference does not import scikit-learn."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import pantau.detection as d
from pantau.detection import cli  # noqa: F401
a = d.analyse("Besok ado amplop 50rb per KK, syaratnyo pilih nomor 2, dasar bangsat")
assert a.labels
bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework', 'celery', 'sklearn'))
others = sorted(m for m in sys.modules if m.startswith('pantau.') and not m.startswith('pantau.detection'))
print(bad, others)
"""


def test_no_web_framework_or_sklearn_at_inference():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[] []", out.stdout
