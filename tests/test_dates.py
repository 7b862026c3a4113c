"""Dates as Vietnamese documents print them, to ISO (partial where the copy leaves blanks)."""

from __future__ import annotations

import pytest

from plan_extract.lexicon.dates import find_dates, iso, parse_date


@pytest.mark.parametrize(("printed", "expected"), [
    ("25/1/2016", "2016-01-25"),
    ("25/01/2016", "2016-01-25"),
    ("ngày 15 tháng 6 năm 2017", "2017-06-15"),
    ("Tiền Giang, ngày 15 tháng 6 năm 2017", "2017-06-15"),
    ("NGÀY 05 THÁNG 01 NĂM 2020", "2020-01-05"),
    ("27-05-2026", "2026-05-27"),
    ("12.10.2021", "2021-10-12"),
    ("22 / 7 / 2021", "2021-07-22"),
    ("2021-03-04", "2021-03-04"),
    ("29/02/2024", "2024-02-29"),
])
def test_full_dates(printed, expected):
    assert parse_date(printed) == expected


@pytest.mark.parametrize(("printed", "expected"), [
    ("ngày   tháng 11 năm 2024", "2024-11"),
    ("Mê Linh, ngày     tháng 11 năm 2024", "2024-11"),
    ("ngày   tháng   năm 2024", "2024"),
])
def test_blank_day_or_month_gives_partial_date(printed, expected):
    assert parse_date(printed) == expected


@pytest.mark.parametrize("printed", [
    "31/02/2020", "29/02/2023", "ngày 31 tháng 2 năm 2020", "tháng 13 năm 2020",
    "không có ngày tháng", "",
])
def test_impossible_or_missing_dates_are_none(printed):
    assert parse_date(printed) is None


def test_find_dates_skips_impossible_dates_and_keeps_order():
    text = "từ 25/1/2016, không phải 31/02/2020, đến ngày 1 tháng 3 năm 2021"
    assert [v for _, v in find_dates(text)] == ["2016-01-25", "2021-03-01"]


def test_iso_partial_forms():
    assert iso(2024) == "2024"
    assert iso(2024, 11) == "2024-11"
    assert iso(2024, 11, 5) == "2024-11-05"
    assert iso(2024, 2, 30) is None


def test_a_leading_zero_split_from_its_digit():
    from plan_extract.lexicon.dates import parse_date

    assert parse_date("Hà Nội, ngày 26 tháng 0 6 năm 2018") == "2018-06-26"
    assert parse_date("ngày 0 5 tháng 12 năm 2020") == "2020-12-05"
