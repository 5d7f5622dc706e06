"""Violation types (jenis pelanggaran) that a finding, a report or a content item can carry, and their names.

One list, put together from the two places that already define the types rather than a third copy:

* the detection taxonomy (`pantau.detection.LABELS`, with Indonesian and English titles) and its time flag
  `masa_tenang` (campaigning in the quiet period), which the monitoring queue also shows as a label;
* the report form's categories (`pantau.reports.models.Category`): the types detection does not score (APK,
  state facilities, organisers, polling stations, campaigning outside the schedule) and `lainnya`, the "other /
  don't know" type.

Records store the key; pages, dashboards, exports and the API show `name(key)`, in the reader's language.
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pantau.detection.taxonomy import LABELS, TAXONOMY

QUIET_PERIOD = "masa_tenang"
OTHER = "lainnya"
# The taxonomy's title for the flag (FLAG_INFO["masa_tenang"]["title_id"]); flags have no English title there.
_QUIET_PERIOD_NAME = _("Kampanye di masa tenang")


def _report_categories() -> list[tuple[str, object]]:
    try:
        from pantau.reports.models import Category  # noqa: PLC0415 - optional feature app
    except ImportError:  # pragma: no cover - the reports app is installed everywhere Pantau runs
        return [(OTHER, _("Lainnya"))]
    return list(Category.choices)


def _english() -> bool:
    return (get_language() or "").split("-")[0] == "en"


def keys() -> list[str]:
    """Every known type: detection's labels, the quiet-period flag, then the report categories not yet named."""
    ordered = [*LABELS, QUIET_PERIOD]
    ordered += [value for value, _label in _report_categories() if value not in ordered]
    return ordered


def is_known(key: str) -> bool:
    return key in keys()


def name(key: str) -> str:
    """The display name of `key` in the active language ('' for no type: callers say "no type" their way)."""
    if not key:
        return ""
    if key in TAXONOMY:
        info = TAXONOMY[key]
        return info.title_en if _english() else info.title_id
    if key == QUIET_PERIOD:
        return str(_QUIET_PERIOD_NAME)
    for value, label in _report_categories():
        if value == key:
            # The form's label explains with examples in brackets; a chart or table needs only the name.
            return str(label).split(" (")[0]
    # A key none of the lists knows (older data, a retired label): readable, never the bare identifier.
    return key.replace("_", " ").capitalize()


def names() -> dict[str, str]:
    """{key: name} for every known type, in the active language."""
    return {key: name(key) for key in keys()}


lazy_name = lazy(name, str)


def choices() -> list[tuple[str, object]]:
    """Model and form choices; the names are lazy, so they follow the language of whoever reads them."""
    return [(key, lazy_name(key)) for key in keys()]
