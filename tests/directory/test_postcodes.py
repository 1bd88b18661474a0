"""UK postcodes: format checks, coordinates from the shipped centroids and from an ONSPD file."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.db import upgrade
from core.postcodes import normalise_postcode, parse_postcode
from directory.models import Postcode
from directory.postcodes import (
    PostcodeFileError,
    coordinates_for,
    distance_km,
    load_onspd,
)


@pytest.mark.parametrize("text, tidy", [("sb1 1aa", "SB1 1AA"), (" SW1A1AA ", "SW1A 1AA"), ("m1 1ae", "M1 1AE"),
                                         ("B33 8TH", "B33 8TH"), ("cr2 6xh", "CR2 6XH"), ("GIR0AA", "GIR 0AA")])
def test_valid_postcodes_are_tidied(text, tidy):
    assert normalise_postcode(text) == tidy


@pytest.mark.parametrize("text", ["", "hello", "SB1 1A", "123 456", "SB1 1AAA", "<script>", "Q1A 1AA0", "x" * 50, None])
def test_malformed_postcodes_are_rejected(text):
    assert normalise_postcode(text) is None


def test_an_outward_code_alone_is_understood():
    place = parse_postcode("sb6")
    assert (place.postcode, place.outward, place.is_full) == ("SB6", "SB6", False)


def test_coordinates_for_sample_postcodes_fall_back_to_the_outward_centroid(sample_session):
    full = coordinates_for(sample_session, parse_postcode("SB6 7LM"))
    assert full.precision == "outward code" and abs(full.latitude - 52.985) < 0.01
    assert coordinates_for(sample_session, parse_postcode("ZZ9 9ZZ")) is None


def test_distance_is_great_circle_kilometres():
    assert distance_km(51.5074, -0.1278, 53.4808, -2.2426) == pytest.approx(262, abs=2)  # London to Manchester


def test_onspd_load_skips_terminated_and_unlocated_postcodes(tmp_path, database_url, sessions_for):
    csv = tmp_path / "ONSPD_SAMPLE.csv"
    csv.write_text("pcds,doterm,lat,long,oslaua\n"
                   "SB1 2AB,,52.9511,-0.9512,E0\n"
                   "SB1 9ZZ,202001,52.9000,-0.9000,E0\n"   # terminated in January 2020
                   "SB2 3CD,,99.999999,0.000000,E0\n"      # no grid reference
                   "not-a-postcode,,52.0,-1.0,E0\n", encoding="utf-8")
    upgrade(database_url)
    sessions = sessions_for(database_url)
    with sessions() as session, session.begin():
        assert load_onspd(session.connection(), csv) == 1
    with sessions() as session:
        assert session.execute(select(Postcode.postcode)).scalars().all() == ["SB1 2AB"]
        found = coordinates_for(session, parse_postcode("sb12ab"))
        assert found.precision == "postcode" and found.latitude == pytest.approx(52.9511)
        assert coordinates_for(session, parse_postcode("SB1 7XY")).precision == "outward code"  # from full postcodes


def test_a_file_that_is_not_onspd_is_refused_and_changes_nothing(tmp_path, database_url, sessions_for):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("name,age\nx,1\n", encoding="utf-8")
    upgrade(database_url)
    sessions = sessions_for(database_url)
    with pytest.raises(PostcodeFileError, match="no column"), sessions() as session, session.begin():
        load_onspd(session.connection(), wrong)
    with sessions() as session:
        assert session.execute(select(func.count()).select_from(Postcode)).scalar_one() == 0
