"""A tiny safe HTML renderer over :class:`string.Template`, and the WeasyPrint PDF step.

Every value substituted into a template is HTML-escaped unless it is :class:`Markup` (HTML built here, from
escaped parts). Templates live in ``templates/`` as ``.html`` files; one file may hold several named parts,
separated by ``<!-- part: NAME -->`` lines (a file without markers has the single part ``main``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from string import Template
from typing import Any

__all__ = ["Markup", "escape", "join", "fill", "template_parts", "template_text", "html_to_pdf"]

_PART_RE = re.compile(r"^<!-- part: ([a-z_]+) -->\s*$", re.MULTILINE)


class Markup(str):
    """A string that is already safe HTML (built by this package from escaped pieces)."""

    __slots__ = ()

    def __add__(self, other: str) -> Markup:
        return Markup(str.__add__(self, escape(other)))


def escape(value: Any) -> Markup:
    """HTML-escape anything that is not already :class:`Markup` (``None`` becomes empty)."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    return Markup(html.escape(str(value), quote=True))


def join(items: Iterable[Any], sep: str = "") -> Markup:
    """Join pieces, escaping each that is not :class:`Markup` (``sep`` is trusted)."""
    return Markup(sep.join(escape(i) for i in items))


def fill(template: Template, values: Mapping[str, Any]) -> Markup:
    """Substitute ``values`` into ``template``, escaping each value. A missing key is a programming error and
    raises ``KeyError``."""
    return Markup(template.substitute({k: escape(v) for k, v in values.items()}))


@cache
def template_text(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


@cache
def template_parts(name: str) -> dict[str, Template]:
    """The named parts of ``templates/<name>``."""
    text = template_text(name)
    pieces = _PART_RE.split(text)
    if len(pieces) == 1:
        return {"main": Template(text)}
    parts: dict[str, Template] = {}
    # pieces = [before, name1, body1, name2, body2, ...]
    for part_name, body in zip(pieces[1::2], pieces[2::2], strict=True):
        parts[part_name] = Template(body.strip("\n"))
    return parts


def _blocking_fetcher():
    """A WeasyPrint URL fetcher that loads nothing from the network or the disk; only ``data:`` URIs (the
    optional embedded logo) are allowed. A hostile value can therefore never make the renderer fetch a URL."""
    from weasyprint.urls import URLFetcher  # noqa: PLC0415

    class _OnlyData(URLFetcher):
        def fetch(self, url, headers=None):
            if not str(url).startswith("data:"):
                raise ValueError(f"Pantau letters do not load external resources: {url[:60]}")
            return super().fetch(url, headers)

    return _OnlyData(allowed_protocols=("data",))


def html_to_pdf(document: str) -> bytes:
    """Render an HTML string to PDF bytes with WeasyPrint (imported lazily: it is heavy)."""
    import weasyprint  # noqa: PLC0415

    return weasyprint.HTML(string=document, base_url=None, url_fetcher=_blocking_fetcher()).write_pdf()
