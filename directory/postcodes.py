"""UK postcodes in the directory database: coordinates, distance and the ONSPD load (parsing: core/postcodes.py).

What ships: outward-code centroids for the fictional Sample Borough (postcode area "SB", which
no real UK postcode uses) in directory/data/sample_outcodes.csv, loaded with the sample directory.

Full coverage for a real council: the ONS Postcode Directory (ONSPD), free under the Open
Government Licence from the ONS Open Geography Portal (search "ONS Postcode Directory", the
CSV "ONSPD_<MONTH>_<YEAR>_UK.csv" inside the zip, about 2.7 million rows, ~1 GB unzipped).
Download it on a machine with internet access, then

    DATABASE_URL=... python -m directory load-postcodes ONSPD_NOV_2024_UK.csv

It reads the columns `pcds` (postcode with its space), `lat`, `long` and `doterm` (date the
postcode was terminated; terminated postcodes are skipped, as are rows with no grid reference,
lat 99.999999). Loading replaces the previous ONSPD load in one transaction; re-run it when ONS
publishes a new edition (quarterly). To keep the table small a council may first filter the CSV
to its own and neighbouring postcode areas. Outward-code centroids are computed from full
postcodes when no centroid row exists, so a partial postcode ("SB1") still gives a distance.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from core.postcodes import Place, parse_postcode
from directory.models import Postcode

SAMPLE_OUTCODES = Path(__file__).resolve().parent / "data" / "sample_outcodes.csv"
_NO_GRID_REFERENCE = 99.0


@dataclass(frozen=True)
class Coordinates:
    latitude: float
    longitude: float
    precision: str  # "postcode" or "outward code"


def coordinates_for(session: Session, place: Place) -> Coordinates | None:
    if place.is_full:
        row = session.execute(
            select(Postcode.latitude, Postcode.longitude).where(Postcode.postcode == place.postcode)
        ).first()
        if row:
            return Coordinates(row.latitude, row.longitude, "postcode")
    row = session.execute(
        select(Postcode.latitude, Postcode.longitude).where(Postcode.postcode == place.outward)
    ).first()
    if row:
        return Coordinates(row.latitude, row.longitude, "outward code")
    row = session.execute(
        select(func.avg(Postcode.latitude), func.avg(Postcode.longitude)).where(Postcode.outward_code == place.outward)
    ).first()
    if row and row[0] is not None:
        return Coordinates(float(row[0]), float(row[1]), "outward code")
    return None


def is_known(session: Session, place: Place) -> bool | None:
    """Whether the postcode table can place it; None when the table is empty (nothing to judge by)."""
    if coordinates_for(session, place) is not None:
        return True
    return False if session.execute(select(Postcode.postcode).limit(1)).first() else None


def coordinates_for_many(session: Session, postcodes: Iterable[str]) -> dict[str, tuple[float, float]]:
    """Coordinates of many full postcodes at once (for services that give a postcode, not lat/long)."""
    wanted = sorted({p for p in postcodes if p})
    found: dict[str, tuple[float, float]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for row in session.execute(select(Postcode.postcode, Postcode.latitude, Postcode.longitude)
                                   .where(Postcode.postcode.in_(chunk))):
            found[row.postcode] = (row.latitude, row.longitude)
    outward_wanted = {parse_postcode(p).outward for p in wanted if p not in found and parse_postcode(p)}
    if outward_wanted:
        rows = session.execute(select(Postcode.postcode, Postcode.latitude, Postcode.longitude)
                               .where(Postcode.postcode.in_(sorted(outward_wanted))))
        centroids = {row.postcode: (row.latitude, row.longitude) for row in rows}
        for postcode in wanted:
            place = parse_postcode(postcode)
            if postcode not in found and place and place.outward in centroids:
                found[postcode] = centroids[place.outward]
    return found


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine): accurate to well under 1% at borough scale."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def load_sample_outcodes(connection: Connection) -> int:
    rows = []
    with SAMPLE_OUTCODES.open(encoding="utf-8", newline="") as handle:
        for line in csv.DictReader(row for row in handle if not row.startswith("#")):
            rows.append({"postcode": line["outward_code"], "outward_code": line["outward_code"],
                         "latitude": float(line["latitude"]), "longitude": float(line["longitude"]),
                         "source": "sample"})
    connection.execute(delete(Postcode).where(Postcode.source == "sample"))
    connection.execute(insert(Postcode), rows)
    return len(rows)


class PostcodeFileError(ValueError):
    pass


def read_onspd(path: Path) -> Iterable[dict]:
    """Rows of an ONSPD CSV as table rows, skipping terminated postcodes and rows with no location."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise PostcodeFileError(f"cannot open {path}: {error.strerror or error}") from error
    with handle:
        try:
            reader = csv.DictReader(handle)
            missing = {"pcds", "lat", "long"} - set(reader.fieldnames or [])
        except (UnicodeDecodeError, csv.Error) as error:
            raise PostcodeFileError(f"{path} is not a readable CSV file") from error
        if missing:
            raise PostcodeFileError(f"{path} has no column(s) {', '.join(sorted(missing))}: is it the ONSPD CSV?")
        try:
            for line in reader:
                if (line.get("doterm") or "").strip():
                    continue
                place = parse_postcode(line.get("pcds"))
                try:
                    lat, lon = float(line["lat"]), float(line["long"])
                except (TypeError, ValueError):
                    continue
                if place is None or not place.is_full or abs(lat) >= _NO_GRID_REFERENCE:
                    continue
                yield {"postcode": place.postcode, "outward_code": place.outward, "latitude": lat,
                       "longitude": lon, "source": "onspd"}
        except (UnicodeDecodeError, csv.Error) as error:
            raise PostcodeFileError(f"{path} stopped being a readable CSV file part-way: {error}") from error


def load_onspd(connection: Connection, path: Path, progress=None) -> int:
    """Replace the ONSPD postcodes in one transaction (the caller's); returns rows loaded."""
    connection.execute(delete(Postcode).where(Postcode.source == "onspd"))
    batch: list[dict] = []
    seen: set[str] = set()
    loaded = 0
    for row in read_onspd(path):
        if row["postcode"] in seen:
            continue
        seen.add(row["postcode"])
        batch.append(row)
        if len(batch) >= 5000:
            connection.execute(insert(Postcode), batch)
            loaded += len(batch)
            if progress:
                progress(len(batch))
            batch = []
    if batch:
        connection.execute(insert(Postcode), batch)
        loaded += len(batch)
        if progress:
            progress(len(batch))
    if loaded == 0:
        raise PostcodeFileError(f"{path} has no live postcodes with coordinates; nothing loaded")
    return loaded
