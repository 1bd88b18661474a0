"""Import an ORUK feed (file or URL, v1 or v3) into the directory, reporting what happened.

Order matters for "bad input changes nothing": the whole feed is read and checked first; the
schema upgrade and all writes happen only after that, in one transaction, so a malformed file,
a dead URL or a crash part-way leaves the database as it was.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from directory.feeds import Feed, FeedError, FetchPolicy, read_feed
from directory.models import ImportRun
from directory.normalise import TABLE_ORDER, Normalised, RecordError, normalise_service
from directory.store import bump_data_version, write_rows

__all__ = ["FeedError", "ImportSummary", "import_feed", "import_records"]


@dataclass
class ImportSummary:
    source: str
    feed_format: str
    read: int = 0
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    pages: int = 1
    seconds: float = 0.0
    problems: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def services(self) -> int:
        return self.imported + self.updated

    def report(self, limit: int = 20) -> str:
        lines = [f"Imported {self.source} ({self.feed_format}, {self.pages} page(s)) in {self.seconds:.1f}s",
                 f"  read {self.read}, imported {self.imported} new, updated {self.updated}, "
                 f"skipped {self.skipped}: {self.services} services from this feed are in the directory"]
        for record, reason in self.problems[:limit]:
            lines.append(f"  skipped {record}: {reason}")
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more skipped")
        if self.warnings:
            lines.append(f"  {len(self.warnings)} warning(s) (record kept, field ignored or tidied):")
            lines += [f"    {record}: {reason}" for record, reason in self.warnings[:limit]]
            if len(self.warnings) > limit:
                lines.append(f"    ... and {len(self.warnings) - limit} more")
        lines += [f"  note: {note}" for note in self.notes]
        return "\n".join(lines)


def import_feed(database_url: str, source: str, *, show_progress: bool = True, policy: FetchPolicy | None = None,
                engine: Engine | None = None) -> ImportSummary:
    """Read, check and write a feed. Raises FeedError (nothing written) when the feed is unusable."""
    started = time.perf_counter()
    bar = _bar(show_progress, "Fetching pages", "page")
    try:
        feed = read_feed(source, policy, on_page=lambda done, total: _advance(bar, done, total))
    finally:
        bar.close()
    summary = import_records(database_url, feed, show_progress=show_progress, engine=engine)
    summary.seconds = time.perf_counter() - started
    return summary


def import_records(database_url: str, feed: Feed, *, show_progress: bool = False, engine: Engine | None = None
                   ) -> ImportSummary:
    from core.db import make_engine, upgrade

    summary = ImportSummary(feed.source, feed.feed_format, read=len(feed.records), pages=feed.pages,
                            notes=list(feed.notes))
    batch = _normalise_all(feed.records, summary, show_progress)
    if feed.records and not batch["service"]:
        raise FeedError(f"{feed.source}: none of the {len(feed.records)} records could be imported "
                        f"(first problem: {summary.problems[0][1] if summary.problems else 'unknown'})")
    upgrade(database_url)
    own_engine = engine is None
    engine = engine or make_engine(database_url)
    bar = _bar(show_progress, "Writing", "row", total=sum(len(rows) for rows in batch.values()))
    try:
        with engine.begin() as connection:
            written = write_rows(connection, batch, tick=bar.update)
            from directory.needs import store_need_taxonomy

            store_need_taxonomy(connection)
            summary.imported, summary.updated = written.created, written.updated
            summary.notes += written.notes
            connection.execute(insert(ImportRun).values(
                source=feed.source[:2000], feed_format=feed.feed_format, read=summary.read,
                imported=summary.imported, updated=summary.updated, skipped=summary.skipped,
                finished_at=datetime.now(UTC)))
            bump_data_version(connection)
    finally:
        bar.close()
        if own_engine:
            engine.dispose()
    return summary


def _normalise_all(records: list, summary: ImportSummary, show_progress: bool) -> dict[str, list[dict]]:
    batch: dict[str, list[dict]] = {name: [] for name in TABLE_ORDER}
    seen: set[str] = set()
    for position, raw in enumerate(_iterate(records, show_progress), start=1):
        try:
            found: Normalised = normalise_service(raw)
        except RecordError as error:
            summary.problems.append((_label(raw, position), str(error)))
            continue
        if found.service_id in seen:
            summary.problems.append((found.service_id, "duplicate id in this feed: the first copy was kept"))
            continue
        seen.add(found.service_id)
        if found.blank_name:
            summary.warnings.append((found.service_id, "blank name: kept (the feed lists it), but search "
                                                       "will not show it until it has a name"))
        summary.warnings += [(found.service_id, warning) for warning in found.warnings]
        for name, rows in found.rows.items():
            batch[name].extend(rows)
    summary.skipped = len(summary.problems)
    return batch


def _label(raw: object, position: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), (str, int)) and str(raw.get("id")).strip():
        return str(raw["id"])[:80]
    return f"record #{position}"


def _iterate(records: list, show_progress: bool):
    if not show_progress:
        return records
    from tqdm import tqdm

    return tqdm(records, desc="Checking services", unit="service", file=sys.stderr, leave=False)


class _NoBar:
    def update(self, _n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(show: bool, description: str, unit: str, total: int | None = None):
    if not show:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit=unit, file=sys.stderr, leave=False)


def _advance(bar, done: int, total: int) -> None:
    if hasattr(bar, "total"):
        bar.total = max(total, done)
        bar.n = done
        bar.refresh()
