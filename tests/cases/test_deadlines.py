"""Deadlines computed by rules: holiday calendar, counting modes, rule sets, status with time travel.

Dates used (2024): Wed 27 Nov = Pilkada voting day (Keppres 33/2024); Wed 25 Dec = Natal; Thu 26 Dec = cuti
bersama; Wed 1 Jan 2025 = Tahun Baru.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import time_machine

from pantau.cases.deadlines import (
    DEFAULT_RULESETS,
    WIB,
    DeadlineRule,
    HolidayCalendar,
    HolidayYear,
    MissingHolidayCalendar,
    RuleError,
    RuleSet,
    compute_deadline,
    default_calendar,
    default_warning,
    format_sisa_waktu,
    format_tanggal,
    get_ruleset,
    status,
    time_left,
)

PILKADA = get_ruleset("pilkada")
PEMILU = get_ruleset("pemilu")


def wib(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=WIB)


@pytest.fixture(scope="module")
def cal() -> HolidayCalendar:
    return default_calendar()


def working_rule(amount: int, **kw) -> DeadlineRule:
    return DeadlineRule(
        id=f"uji_{amount}_hari_kerja",
        description="Aturan uji",
        source="uji",
        start_event="registrasi",
        amount=amount,
        unit="day",
        mode="working",
        **kw,
    )


def calendar_rule(amount: int, **kw) -> DeadlineRule:
    return DeadlineRule(
        id=f"uji_{amount}_hari_kalender",
        description="Aturan uji",
        source="uji",
        start_event="registrasi",
        amount=amount,
        unit="day",
        mode="calendar",
        **kw,
    )


# --- the holiday calendar ------------------------------------------------------------------------------------


def test_calendar_covers_2024_to_2027_from_files_and_lokal(cal):
    assert set(cal.years) >= {2024, 2025, 2026, 2027}
    assert cal.year(2024).origin == "id-2024.json"
    assert cal.year(2025).origin == "id-2025.json"
    assert cal.year(2026).origin.startswith("lokal.holidays")
    # 2026 Idulfitri cuti bersama comes from the lokal-id adapter
    assert [h.type for h in cal.holidays_on(dt.date(2026, 3, 20))] == ["cuti_bersama"]


def test_calendar_files_cite_their_skb_and_keppres(cal):
    assert any("855 Tahun 2023" in s for s in cal.year(2024).sources)
    assert any("1017 Tahun 2024" in s for s in cal.year(2025).sources)
    (voting_day,) = cal.holidays_on(dt.date(2024, 11, 27))
    assert voting_day.type == "libur_nasional"
    assert "Nomor 33 Tahun 2024" in voting_day.source
    (natal,) = cal.holidays_on(dt.date(2024, 12, 25))
    assert "855 Tahun 2023" in natal.source


def test_known_2024_holidays_and_cuti_bersama(cal):
    assert not cal.is_working_day(dt.date(2024, 11, 27))  # Pilkada voting day
    assert not cal.is_working_day(dt.date(2024, 12, 25))  # Natal
    assert not cal.is_working_day(dt.date(2024, 12, 26))  # cuti bersama
    assert cal.is_working_day(dt.date(2024, 12, 24))
    assert not cal.is_working_day(dt.date(2024, 11, 30))  # Saturday
    assert cal.non_working_reason(dt.date(2024, 12, 1)) == "Minggu"
    assert cal.with_options(cuti_bersama_libur=False).is_working_day(dt.date(2024, 12, 26))
    assert not cal.is_working_day(dt.date(2025, 8, 18))  # added by the 2025 SKB amendment


def test_missing_year_raises_clear_indonesian_error(cal):
    with pytest.raises(MissingHolidayCalendar) as err:
        cal.holidays_on(dt.date(2023, 12, 29))
    message = str(err.value)
    assert "2023" in message and "belum tersedia" in message and "SKB 3 Menteri" in message
    assert err.value.year == 2023
    assert isinstance(err.value, LookupError)


def test_coverage_warning_names_the_missing_year(cal):
    assert cal.coverage_warning(dt.date(2025, 6, 1)) is None
    warning = cal.coverage_warning(dt.date(2027, 12, 1), ahead_days=60)
    assert warning is not None and "2028" in warning


def test_holiday_file_validation():
    with pytest.raises(ValueError, match="bukan tahun 2024"):
        HolidayYear.from_dict({"year": 2024, "holidays": [{"date": "2025-01-01", "name": "x"}]})
    with pytest.raises(ValueError, match="jenis libur"):
        HolidayYear.from_dict(
            {"year": 2024, "holidays": [{"date": "2024-01-01", "name": "x", "type": "pesta"}]}
        )
    with pytest.raises(ValueError, match="sumber"):
        HolidayYear.from_dict(
            {"year": 2024, "sources": {}, "holidays": [{"date": "2024-01-01", "name": "x", "source": "skb"}]}
        )


# --- counting modes -------------------------------------------------------------------------------------------


def test_calendar_vs_working_days_across_a_weekend(cal):
    start = wib(2024, 11, 14, 10, 0)  # Thursday
    calendar = compute_deadline(calendar_rule(3), start, cal)
    working = compute_deadline(working_rule(3), start, cal)
    assert calendar.due == end_of(dt.date(2024, 11, 17))  # Sunday counts
    assert working.due == end_of(dt.date(2024, 11, 19))  # Fri, Mon, Tue
    assert [s.date for s in working.skipped_days] == [dt.date(2024, 11, 16), dt.date(2024, 11, 17)]
    assert "Sabtu, 16 November 2024 (Sabtu)" in working.explanation


def test_working_days_skip_the_pilkada_voting_day_holiday(cal):
    rule = PILKADA["pelimpahan_ke_pengadilan"]  # 5 working days
    deadline = compute_deadline(rule, wib(2024, 11, 25, 10, 0), cal)
    assert deadline.due == end_of(dt.date(2024, 12, 3))
    skipped = {s.date: s.reason for s in deadline.skipped_days}
    assert "Pemungutan Suara" in skipped[dt.date(2024, 11, 27)]
    assert "Rabu, 27 November 2024" in deadline.explanation
    assert deadline.counted_days == (
        dt.date(2024, 11, 26),
        dt.date(2024, 11, 28),
        dt.date(2024, 11, 29),
        dt.date(2024, 12, 2),
        dt.date(2024, 12, 3),
    )
    # Without Keppres 33/2024 the same count would end a day earlier: the data matters.
    y2024 = cal.year(2024)
    no_keppres = HolidayYear(
        2024, tuple(h for h in y2024.holidays if h.date != dt.date(2024, 11, 27)), y2024.sources, "uji"
    )
    assert compute_deadline(rule, wib(2024, 11, 25, 10, 0), cal.with_years(no_keppres)).due == end_of(
        dt.date(2024, 12, 2)
    )


def test_calendar_days_count_through_the_voting_day_and_weekend(cal):
    deadline = compute_deadline(PILKADA["laporan_disampaikan"], wib(2024, 11, 27, 13, 0), cal)
    assert deadline.due == end_of(dt.date(2024, 12, 4))  # DOMAIN.md §2: until about 3-4 Dec
    assert "hari kalender" in deadline.explanation
    assert "Termasuk hari libur/akhir pekan" in deadline.explanation


def test_working_days_across_christmas_and_cuti_bersama(cal):
    start = wib(2024, 12, 23, 9, 0)  # Monday
    deadline = compute_deadline(working_rule(3), start, cal)
    # Tue 24 (1), Wed 25 Natal, Thu 26 cuti bersama, Fri 27 (2), weekend, Mon 30 (3)
    assert deadline.due == end_of(dt.date(2024, 12, 30))
    reasons = {s.date: s.reason for s in deadline.skipped_days}
    assert reasons[dt.date(2024, 12, 25)].startswith("libur nasional")
    assert reasons[dt.date(2024, 12, 26)].startswith("cuti bersama")
    # An election that does not treat cuti bersama as a day off
    assert compute_deadline(working_rule(3), start, cal.with_options(cuti_bersama_libur=False)).due == end_of(
        dt.date(2024, 12, 27)
    )


def test_working_days_cross_the_year_into_2025(cal):
    deadline = compute_deadline(PILKADA["penyidikan"], wib(2024, 12, 20, 16, 0), cal)  # 14 working days
    assert deadline.due == end_of(dt.date(2025, 1, 14))
    assert dt.date(2025, 1, 1) in {s.date for s in deadline.skipped_days}


def test_working_days_across_idulfitri_2026_from_lokal(cal):
    # Thu 19 Mar 2026 Nyepi; Fri 20, Mon 23, Tue 24 cuti bersama; 21-22 weekend (and Idulfitri)
    deadline = compute_deadline(working_rule(1), wib(2026, 3, 18, 9, 0), cal)
    assert deadline.due == end_of(dt.date(2026, 3, 25))


def test_the_extension_adds_two_calendar_days(cal):
    rule = PILKADA["kajian_putusan"]
    registered = wib(2024, 11, 25, 14, 0)
    normal = compute_deadline(rule, registered, cal)
    extended = compute_deadline(rule, registered, cal, extended=True)
    assert normal.due == end_of(dt.date(2024, 11, 28))
    assert extended.due == end_of(dt.date(2024, 11, 30))
    assert extended.amount == 5 and extended.extended
    assert "perpanjangan 2 hari" in extended.explanation
    with pytest.raises(RuleError, match="perpanjangan"):
        compute_deadline(PILKADA["laporan_disampaikan"], registered, cal, extended=True)


def test_24_hour_rule_runs_through_the_night_and_weekend(cal):
    rule = PILKADA["penerusan_ke_polri"]
    decided = wib(2024, 11, 29, 15, 30)  # Friday afternoon
    deadline = compute_deadline(rule, decided, cal)
    assert deadline.due == wib(2024, 11, 30, 15, 30)  # Saturday, not moved to Monday
    assert rule.amount_label() == "1×24 jam"
    assert PILKADA["kelengkapan_laporan"].amount_label() == "2×24 jam"


def test_hours_in_working_mode_skip_non_working_days(cal):
    rule = DeadlineRule(
        id="uji_jam_kerja",
        description="uji",
        source="uji",
        start_event="registrasi",
        amount=24,
        unit="hour",
        mode="working",
    )
    deadline = compute_deadline(rule, wib(2024, 11, 22, 18, 0), cal)  # Friday 18:00: 6 h left that day
    assert deadline.due == wib(2024, 11, 25, 18, 0)  # weekend skipped, 18 h on Monday


def test_start_is_converted_to_wib(cal):
    start_utc = dt.datetime(2024, 11, 25, 20, 0, tzinfo=dt.UTC)  # = Tue 26 Nov 03:00 WIB
    deadline = compute_deadline(calendar_rule(1), start_utc, cal)
    assert deadline.start == wib(2024, 11, 26, 3, 0)
    assert deadline.due == end_of(dt.date(2024, 11, 27))
    naive = compute_deadline(calendar_rule(1), dt.datetime(2024, 11, 25, 20, 0), cal)  # naive = WIB wall time
    assert naive.due == end_of(dt.date(2024, 11, 26))
    assert naive.due.utcoffset() == dt.timedelta(hours=7)


def test_missing_year_refuses_a_working_day_deadline(cal):
    with pytest.raises(MissingHolidayCalendar, match="2028"):
        compute_deadline(PILKADA["penyidikan"], wib(2027, 12, 24, 10, 0), cal)
    with pytest.raises(MissingHolidayCalendar, match="2023"):
        compute_deadline(PEMILU["laporan_disampaikan"], wib(2023, 12, 20, 10, 0), cal)
    # Calendar days do not depend on holidays: computed, with a note that the data is missing.
    deadline = compute_deadline(PILKADA["laporan_disampaikan"], wib(2030, 1, 1, 10, 0), cal)
    assert deadline.due == end_of(dt.date(2030, 1, 8))
    assert "tahun 2030 belum tersedia" in deadline.explanation


# --- Pemilu vs Pilkada ------------------------------------------------------------------------------------------


def test_pemilu_and_pilkada_differ(cal):
    known = wib(2024, 11, 21, 9, 0)  # Thursday
    pilkada = compute_deadline(PILKADA["laporan_disampaikan"], known, cal)
    pemilu = compute_deadline(PEMILU["laporan_disampaikan"], known, cal)
    assert pilkada.due == end_of(dt.date(2024, 11, 28))  # 7 calendar days
    assert pemilu.due == end_of(dt.date(2024, 12, 3))  # 7 working days, skipping weekend and 27 Nov
    registered = wib(2024, 11, 25, 14, 0)
    assert compute_deadline(PILKADA["kajian_putusan"], registered, cal).due == end_of(dt.date(2024, 11, 28))
    assert compute_deadline(PEMILU["kajian_putusan"], registered, cal).due == end_of(dt.date(2024, 12, 5))
    # Pemilu: 14 working days with additional information (UU 7/2017 Ps 454(8))
    assert compute_deadline(PEMILU["kajian_putusan"], registered, cal, extended=True).amount == 14
    assert (
        PILKADA["laporan_disampaikan"].mode == "calendar" and PEMILU["laporan_disampaikan"].mode == "working"
    )


# --- status and time left, with time travel ----------------------------------------------------------------


def test_status_of_the_24_hour_rule_with_time_travel(cal):
    deadline = compute_deadline(PILKADA["penerusan_ke_polri"], wib(2024, 11, 29, 15, 30), cal)
    with time_machine.travel(wib(2024, 11, 29, 16, 0), tick=False):
        assert status(deadline) == "aman"
        assert time_left(deadline) == dt.timedelta(hours=23, minutes=30)
    with time_machine.travel(wib(2024, 11, 30, 10, 0), tick=False):  # 5.5 h left, default window 6 h
        assert status(deadline) == "mendekati"
        assert format_sisa_waktu(time_left(deadline)) == "5 jam 30 menit lagi"
    with time_machine.travel(wib(2024, 11, 30, 15, 31), tick=False):
        assert status(deadline) == "lewat"
        assert time_left(deadline) < dt.timedelta(0)
        assert format_sisa_waktu(time_left(deadline)) == "lewat 1 menit"


def test_status_of_a_day_rule_and_configurable_window(cal):
    # due Thu 28 Nov 2024 23:59:59 WIB
    deadline = compute_deadline(PILKADA["kajian_putusan"], wib(2024, 11, 25, 14, 0), cal)
    with time_machine.travel(wib(2024, 11, 27, 12, 0), tick=False):
        assert status(deadline) == "aman"
        assert status(deadline, warning=dt.timedelta(days=2)) == "mendekati"
        assert format_sisa_waktu(time_left(deadline)) == "1 hari 11 jam lagi"
    with time_machine.travel(wib(2024, 11, 28, 8, 0), tick=False):
        assert status(deadline) == "mendekati"
    with time_machine.travel(wib(2024, 11, 28, 23, 59, 59), tick=False):
        assert deadline.status() == "mendekati"  # the last second still counts
    with time_machine.travel(wib(2024, 11, 29, 0, 0, 1), tick=False):
        assert deadline.status() == "lewat"
    # an explicit `now`, also in another time zone
    assert status(deadline, now=dt.datetime(2024, 11, 28, 17, 0, 1, tzinfo=dt.UTC)) == "lewat"


def test_rule_level_warning_window(cal):
    rule = DeadlineRule.from_dict({**PILKADA["kajian_putusan"].to_dict(), "warning_hours": 48})
    deadline = compute_deadline(rule, wib(2024, 11, 25, 14, 0), cal)
    assert status(deadline, now=wib(2024, 11, 27, 12, 0)) == "mendekati"


# --- rules and rule sets as data -----------------------------------------------------------------------------


def test_every_shipped_rule_cites_a_source_and_a_confidence():
    for ruleset in DEFAULT_RULESETS.values():
        assert len(ruleset) >= 10
        for rule in ruleset:
            assert rule.source and rule.description
            assert rule.confidence in {"P", "S", "U"}
            assert f"[{rule.confidence}:" in rule.citation
    assert "[U: belum diverifikasi]" in PILKADA["putusan_tsm"].citation
    assert "134" in PILKADA["kajian_putusan"].source and "454" in PEMILU["kajian_putusan"].source


def test_ruleset_round_trips_through_json():
    text = PILKADA.to_json()
    again = RuleSet.from_json(text)
    assert again == PILKADA
    assert json.loads(text)["rules"][0]["id"] == "laporan_disampaikan"


def test_an_election_configures_its_own_rules_by_extending_the_defaults(cal, tmp_path):
    config = {
        "id": "pilkada-ulang-uji",
        "extends": "pilkada",
        "name": "Pemilihan ulang (uji)",
        "rules": [
            {"id": "kajian_putusan", "amount": 5, "extension": 0},
            {
                "id": "tindak_lanjut_bupati",
                "description": "Uji",
                "source": "Kebijakan kantor (uji)",
                "start_event": "rekomendasi_diterima",
                "amount": 14,
                "mode": "working",
                "confidence": "U",
            },
        ],
        "remove": ["putusan_tsm"],
        "referrals": {"bupati": "tindak_lanjut_bupati"},
    }
    path = tmp_path / "aturan.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    ruleset = RuleSet.from_json(path)
    assert ruleset["kajian_putusan"].amount == 5
    assert ruleset["kajian_putusan"].source == PILKADA["kajian_putusan"].source  # merged, not replaced
    assert "putusan_tsm" not in ruleset
    assert ruleset.for_referral("bupati").id == "tindak_lanjut_bupati"
    assert ruleset.for_referral("gakkumdu_polri").id == "penerusan_ke_polri"
    assert compute_deadline(ruleset["kajian_putusan"], wib(2024, 11, 25, 14, 0), cal).due == end_of(
        dt.date(2024, 11, 30)
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": 0}, "positif"),
        ({"amount": 2.5}, "positif"),
        ({"mode": "bulan"}, "mode"),
        ({"unit": "minggu"}, "satuan"),
        ({"confidence": "X"}, "confidence"),
        ({"extension": -1}, "perpanjangan"),
        ({"day_end": "pukul lima"}, "day_end"),
        ({"warna": "merah"}, "tidak dikenal"),
    ],
)
def test_invalid_rules_are_refused(change, message):
    with pytest.raises(RuleError, match=message):
        DeadlineRule.from_dict({**PILKADA["kajian_putusan"].to_dict(), **change})


def test_ruleset_errors():
    with pytest.raises(RuleError, match="ganda"):
        RuleSet.from_dict({"id": "x", "rules": [PILKADA.rules[0].to_dict(), PILKADA.rules[0].to_dict()]})
    with pytest.raises(RuleError, match="tak dikenal"):
        RuleSet.from_dict({"id": "x", "rules": [], "referrals": {"kpu": "tidak_ada"}})
    with pytest.raises(KeyError, match="tidak ada"):
        PILKADA.get("tidak_ada")
    with pytest.raises(KeyError, match="tidak dikenal"):
        get_ruleset("referendum")
    assert get_ruleset("pilgub") is PILKADA and get_ruleset("Pilpres") is PEMILU


def test_day_end_is_configurable(cal):
    rule = calendar_rule(1, day_end=dt.time(16, 0))
    assert compute_deadline(rule, wib(2024, 11, 25, 9, 0), cal).due == wib(2024, 11, 26, 16, 0)


def test_deadline_serialises_for_the_api(cal):
    data = compute_deadline(PILKADA["penyidikan"], wib(2024, 11, 25, 10, 0), cal).to_dict()
    assert data["due"] == "2024-12-16T23:59:59+07:00"
    assert data["mode"] == "working" and data["rule"] == "penyidikan"
    assert {"date": "2024-11-27", "reason": data["skipped_days"][0]["reason"]} == data["skipped_days"][0]
    json.dumps(data)


def test_indonesian_date_format():
    assert format_tanggal(dt.date(2024, 11, 29)) == "29 November 2024"
    assert format_tanggal(dt.date(2024, 11, 29), hari=True) == "Jumat, 29 November 2024"


# --- the documentation stays in step with the data -------------------------------------------------------------

DOC = Path(__file__).resolve().parents[2] / "docs" / "deadlines.md"


def test_docs_list_every_shipped_rule():
    text = DOC.read_text(encoding="utf-8")
    for ruleset in DEFAULT_RULESETS.values():
        for rule in ruleset:
            assert f"`{rule.id}`" in text, rule.id


def test_docs_configuration_example_loads(cal):
    text = DOC.read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    ruleset = RuleSet.from_json(example)
    assert ruleset.for_referral("bupati").confidence == "U"
    deadline = compute_deadline(ruleset["kajian_putusan"], wib(2025, 3, 3, 9, 0), cal)
    assert deadline.due == wib(2025, 3, 6, 16, 0)


def test_default_warning_accepts_a_rule_or_a_deadline(cal):
    rule = PILKADA["penerusan_ke_polri"]
    assert default_warning(rule) == dt.timedelta(hours=6)
    assert default_warning(PILKADA["kelengkapan_laporan"]) == dt.timedelta(hours=12)
    assert default_warning(PILKADA["kajian_putusan"], amount=5) == dt.timedelta(hours=24)
    assert default_warning(compute_deadline(rule, wib(2024, 11, 29, 15, 30), cal)) == dt.timedelta(hours=6)
