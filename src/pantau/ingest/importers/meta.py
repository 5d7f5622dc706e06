"""Meta Content Library CSV and CrowdTangle CSV (Facebook pages/groups, Instagram accounts).

CrowdTangle "historical data" CSV columns (as CrowdTangle documented them): ``Page Name`` (or ``Group Name``
for groups, ``Account`` for Instagram), ``User Name``, ``Facebook Id``, ``Page Category``, ``Page Created``,
``Likes at Posting``, ``Followers at Posting``, ``Post Created`` (``YYYY-MM-DD HH:MM:SS ZONE`` in the
dashboard's time zone, e.g. ``WIB`` or ``EST``), ``Post Created Date``, ``Post Created Time``, ``Type``,
``Total Interactions``, ``Likes``, ``Comments``, ``Shares``, ``Love``, ``Wow``, ``Haha``, ``Sad``, ``Angry``,
``Care``, ``Post Views``, ``Total Views``, ``URL`` (the post), ``Message``, ``Link`` (the link shared),
``Final Link``, ``Image Text``, ``Link Text``, ``Description``, ``Sponsor Name`` ...

Meta Content Library CSV downloads flatten the API's fields with dots: ``id``, ``creation_time``, ``text``,
``post_owner.id``, ``post_owner.name``, ``post_owner.username``, ``post_owner.type``, ``lang``,
``statistics.reaction_count``, ``statistics.comment_count``, ``statistics.share_count``, ``statistics.views``
(Instagram: ``statistics.like_count``), ``url`` / ``link_attachment.link``, ``multimedia.*``.

``likes`` is the sum of all reactions (CrowdTangle's ``Likes`` + ``Love`` + ... ``Care``, Content Library's
``reaction_count``), ``views`` is ``Post Views``/``Total Views``/``statistics.views``, ``author_followers`` is
``Followers at Posting`` (falling back to ``Likes at Posting`` for pages).
"""

from __future__ import annotations

import re

from pantau.ingest.importers._base import (
    DEFAULT_TZ,
    MAX_IMPORT_BYTES,
    ImportResult,
    Source,
    clip_text,
    iter_csv_rows,
    open_text,
    parse_count,
    parse_datetime,
)
from pantau.ingest.items import RawItem

FORMAT = "meta-csv"
EXPECTED = (
    "Berkas bukan CSV Meta Content Library / CrowdTangle yang dikenali: diharapkan kolom seperti "
    '"Post Created", "Message", "URL", "Page Name" (CrowdTangle) atau "id", "creation_time", '
    '"text", "post_owner.name" (Content Library).'
)

CT_REACTIONS = ("Likes", "Love", "Wow", "Haha", "Sad", "Angry", "Care")
_FB_POST_RE = re.compile(
    r"facebook\.com/(?:groups/)?([^/?#]+)/(?:posts|videos|photos|permalink)/(?:[^/?#]+/)?(\d+)"
)


def _first(row: dict[str, str], *names: str) -> str | None:
    for n in names:
        v = row.get(n)
        if v is not None and v.strip() != "":
            return v.strip()
    return None


def _detect_flavour(header: list[str]) -> str | None:
    cols = set(header)
    if "Post Created" in cols and (cols & {"Page Name", "Group Name", "Account", "User Name", "Facebook Id"}):
        return "crowdtangle"
    if "creation_time" in cols and ("id" in cols or "text" in cols):
        return "content-library"
    return None


def import_meta_csv(
    source: Source, *, max_bytes: int = MAX_IMPORT_BYTES, filename: str | None = None, tz=DEFAULT_TZ
) -> ImportResult:
    opened = open_text(FORMAT, source, max_bytes, filename)
    if isinstance(opened, ImportResult):
        return opened
    text, encoding = opened
    rows = iter_csv_rows(text)
    first = next(rows, None)
    if first is None or first[2] is None:
        return ImportResult.failed(FORMAT, EXPECTED, filename=filename)
    header = first[2]["__header__"]
    flavour = _detect_flavour(header)
    if flavour is None:
        return ImportResult.failed(FORMAT, EXPECTED, filename=filename)
    result = ImportResult(format=FORMAT, encoding=encoding, filename=filename)
    convert = _crowdtangle_row if flavour == "crowdtangle" else _content_library_row
    for row_no, line_no, row, error in rows:
        result.total += 1
        if row is None:
            result.add_error(row_no, f"baris {line_no}: {error}", line=line_no)
            continue
        try:
            item = convert(row, tz)
        except ValueError as exc:
            result.add_error(row_no, f"baris {line_no}: {exc}", line=line_no)
            continue
        item.source_line = line_no
        result.items.append(item)
    return result


def _platform_of(url: str | None, default: str = "facebook") -> str:
    if url and "instagram.com" in url:
        return "instagram"
    return default


def _crowdtangle_row(row: dict[str, str], tz) -> RawItem:
    url = _first(row, "URL")
    created = _first(row, "Post Created")
    if created is None and _first(row, "Post Created Date"):
        created = f"{row['Post Created Date']} {row.get('Post Created Time') or '00:00:00'}"
    if created is None:
        raise ValueError('kolom "Post Created" kosong')
    published = parse_datetime(created, tz)
    message = _first(row, "Message") or ""
    description = _first(row, "Description")
    if not message and description:
        message = description
    if not message and not url:
        raise ValueError('baris tanpa "Message" dan tanpa "URL"')
    reactions = [parse_count(row.get(n), n) for n in CT_REACTIONS if n in row]
    likes = sum(r for r in reactions if r) if any(r is not None for r in reactions) else None
    views = None
    for n in ("Post Views", "Total Views", "Views"):
        if _first(row, n) is not None:
            views = parse_count(row[n], n)
            break
    followers = None
    for n in ("Followers at Posting", "Likes at Posting", "Members at Posting"):
        if _first(row, n) is not None:
            followers = parse_count(row[n], n)
            break
    external_id = None
    if url and (m := _FB_POST_RE.search(url)):
        owner = _first(row, "Facebook Id") or m.group(1)
        external_id = f"{owner}_{m.group(2)}"
    elif url:
        external_id = None  # canonical URL identifies the post
    media = []
    if (ptype := _first(row, "Type")) and ptype.lower() not in ("status", "link"):
        media.append(ptype)
    return RawItem(
        platform=_platform_of(url),
        external_id=external_id,
        text=clip_text(message, row),
        url=url,
        title=_first(row, "Link Text", "Title"),
        author_handle=_first(row, "User Name"),
        author_name=_first(row, "Page Name", "Group Name", "Account"),
        author_id=_first(row, "Facebook Id"),
        author_followers=followers,
        published_at=published,
        likes=likes,
        shares=parse_count(row.get("Shares"), "Shares"),
        comments=parse_count(row.get("Comments"), "Comments"),
        views=views,
        media=media,
        kind="post",
        raw=dict(row),
    )


def _content_library_row(row: dict[str, str], tz) -> RawItem:
    pid = _first(row, "id")
    url = _first(row, "url", "post_url", "link")
    if pid is None and url is None:
        raise ValueError('kolom "id" kosong')
    created = _first(row, "creation_time")
    if created is None:
        raise ValueError('kolom "creation_time" kosong')
    published = parse_datetime(created, tz)
    if url is None and pid:
        url = f"https://www.facebook.com/{pid}"
    likes = None
    for n in ("statistics.reaction_count", "statistics.like_count", "reaction_count", "like_count"):
        if _first(row, n) is not None:
            likes = parse_count(row[n], n)
            break
    views = None
    for n in ("statistics.views", "statistics.video_view_count", "statistics.views_count"):
        if _first(row, n) is not None:
            views = parse_count(row[n], n)
            break
    followers = None
    for n in ("post_owner.follower_count", "post_owner.followers_count", "post_owner.page_followers"):
        if _first(row, n) is not None:
            followers = parse_count(row[n], n)
            break
    media = [m for m in (_first(row, "multimedia.type", "multimedia.0.type"),) if m]
    return RawItem(
        platform=_platform_of(url, "facebook"),
        external_id=pid,
        text=clip_text(_first(row, "text") or "", row),
        url=url,
        title=_first(row, "link_attachment.name", "title"),
        author_handle=_first(row, "post_owner.username"),
        author_name=_first(row, "post_owner.name"),
        author_id=_first(row, "post_owner.id"),
        author_followers=followers,
        published_at=published,
        likes=likes,
        shares=parse_count(row.get("statistics.share_count"), "statistics.share_count"),
        comments=parse_count(row.get("statistics.comment_count"), "statistics.comment_count"),
        views=views,
        media=media,
        lang=_first(row, "lang"),
        kind="post",
        raw=dict(row),
    )
