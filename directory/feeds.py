"""Read an ORUK feed from a file or an http(s) URL into a list of service records.

Accepted shapes (detected, never assumed from the file name):
  * ORUK v1 `/services` as a plain JSON list of services;
  * ORUK v1 paged: {"content": [...], "totalPages", "number", "first", "last", ...};
  * ORUK v3 paged: {"contents": [...], "total_pages", "page_number", ...};
  * a single service object (what `/services/{id}` returns).
From a URL every page is fetched (page = this page's number + 1) with timeouts and retries on
connection errors, 429 and 5xx. Everything is read before anything is written, so a feed that
fails half-way changes nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

V1, V3 = "oruk-v1", "oruk-v3"
_V3_KEYS = {"organization_id", "attributes", "schedules", "phones", "fees_description", "last_modified"}
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FeedError(Exception):
    """The source cannot be read as an ORUK feed; the message says why in plain words."""


@dataclass
class FetchPolicy:
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 3
    backoff_seconds: float = 1.0
    max_pages: int = 10_000
    max_bytes: int = 512 * 1024 * 1024


@dataclass
class Feed:
    source: str
    feed_format: str
    records: list = field(default_factory=list)
    pages: int = 1
    notes: list[str] = field(default_factory=list)


def read_feed(source: str, policy: FetchPolicy | None = None, on_page: Callable[[int, int], None] | None = None) -> Feed:
    policy = policy or FetchPolicy()
    if source.lower().startswith(("http://", "https://")):
        return _read_url(source, policy, on_page)
    if source.lower().startswith("file://"):
        source = urlsplit(source).path
    return _read_file(Path(source), policy)


def _read_file(path: Path, policy: FetchPolicy) -> Feed:
    try:
        size = path.stat().st_size
        if size > policy.max_bytes:
            raise FeedError(f"{path} is {size // (1024 * 1024)} MB, over the {policy.max_bytes // (1024 * 1024)} MB limit")
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise FeedError(f"{path}: no such file") from error
    except IsADirectoryError as error:
        raise FeedError(f"{path} is a folder, not a feed file") from error
    except OSError as error:
        raise FeedError(f"cannot read {path}: {error.strerror or error}") from error
    payload = parse_json(data, str(path))
    records, feed_format, _paging = detect_shape(payload, str(path))
    return Feed(str(path), feed_format, records)


def parse_json(data: bytes, where: str) -> object:
    if not data.strip():
        raise FeedError(f"{where} is empty")
    try:
        return json.loads(data)
    except UnicodeDecodeError as error:
        raise FeedError(f"{where} is not JSON text (it looks like a binary file)") from error
    except json.JSONDecodeError as error:
        raise FeedError(f"{where} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}") from error
    except RecursionError as error:
        raise FeedError(f"{where} is nested too deeply to be an ORUK feed") from error


@dataclass
class Paging:
    number: int | None
    total_pages: int | None
    last: bool | None


def detect_shape(payload: object, where: str) -> tuple[list, str, Paging]:
    if isinstance(payload, list):
        return payload, _guess_format(payload), Paging(None, 1, True)
    if isinstance(payload, dict):
        if "contents" in payload:
            return _paged(payload, "contents", V3, "page_number", "total_pages", "last_page", where)
        if "content" in payload:
            return _paged(payload, "content", V1, "number", "totalPages", "last", where)
        if "id" in payload and "name" in payload:
            return [payload], _guess_format([payload]), Paging(None, 1, True)
    raise FeedError(
        f"{where} is JSON but not an ORUK services feed: expected a list of services, "
        '{"content": [...]} (ORUK v1) or {"contents": [...]} (ORUK v3)'
    )


def _paged(payload: dict, key: str, fmt: str, number_key: str, total_key: str, last_key: str, where: str):
    records = payload.get(key)
    if not isinstance(records, list):
        raise FeedError(f'{where}: "{key}" should be a list of services')
    paging = Paging(_as_int(payload.get(number_key)), _as_int(payload.get(total_key)),
                    payload.get(last_key) if isinstance(payload.get(last_key), bool) else None)
    return records, fmt, paging


def _guess_format(records: list) -> str:
    sample = [r for r in records[:50] if isinstance(r, dict)]
    return V3 if any(_V3_KEYS & set(r) for r in sample) else V1


def _as_int(value: object) -> int | None:
    try:
        return int(value) if value is not None and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _read_url(url: str, policy: FetchPolicy, on_page) -> Feed:
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = "FrontDoor-directory/1.0 (+ORUK import)"
    session.headers["Accept"] = "application/json"
    feed: Feed | None = None
    seen: set = set()
    page_url = url
    with session:
        for fetched in range(1, policy.max_pages + 1):
            payload = parse_json(_get(session, page_url, policy), _shown(page_url))
            records, fmt, paging = detect_shape(payload, _shown(page_url))
            if feed is None:
                feed = Feed(_shown(url), fmt)
            ids = {r.get("id") for r in records if isinstance(r, dict) and isinstance(r.get("id"), (str, int))}
            if fetched > 1 and ids and ids <= seen:
                feed.notes.append(f"page {fetched} repeated earlier records; stopped there")
                break
            seen |= ids
            feed.records.extend(records)
            feed.pages = fetched
            if on_page:
                on_page(fetched, paging.total_pages or fetched)
            done = (paging.last is True or not records or paging.total_pages is None and paging.last is None
                    or paging.total_pages is not None and fetched >= paging.total_pages)
            if done:
                break
            page_url = _with_page(page_url, (paging.number if paging.number is not None else fetched) + 1)
        else:
            feed.notes.append(f"stopped after {policy.max_pages} pages")
    return feed


def _get(session, url: str, policy: FetchPolicy) -> bytes:
    import requests

    problem = "no response"
    for attempt in range(policy.retries + 1):
        if attempt:
            time.sleep(policy.backoff_seconds * (2 ** (attempt - 1)))
        try:
            response = session.get(url, timeout=(policy.connect_timeout, policy.read_timeout), stream=True)
        except requests.exceptions.Timeout:
            problem = "timed out"
            continue
        except requests.exceptions.RequestException as error:
            problem = f"could not connect ({type(error).__name__})"
            continue
        with response:
            if response.status_code in _RETRY_STATUS:
                problem = f"HTTP {response.status_code}"
                continue
            if response.status_code >= 400:
                raise FeedError(f"{_shown(url)} answered HTTP {response.status_code}; nothing imported")
            return _body(response, url, policy)
    raise FeedError(f"{_shown(url)} failed after {policy.retries + 1} attempts ({problem}); nothing imported")


def _body(response, url: str, policy: FetchPolicy) -> bytes:
    chunks, size = [], 0
    for chunk in response.iter_content(1024 * 1024):
        size += len(chunk)
        if size > policy.max_bytes:
            raise FeedError(f"{_shown(url)} sent more than {policy.max_bytes // (1024 * 1024)} MB; nothing imported")
        chunks.append(chunk)
    return b"".join(chunks)


def _with_page(url: str, page: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", str(page)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _shown(url: str) -> str:
    """A URL safe to print: credentials and query values (API keys) hidden."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("http"):
        return url
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    query = "&".join(f"{k}={v if k in ('page', 'per_page') else '…'}" for k, v in parse_qsl(parts.query))
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
