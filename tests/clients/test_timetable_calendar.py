"""시간표's calendar export (GET /api/timetables/{id}/calendar.ics) read back by real calendar
libraries: Python's `icalendar` parses the file and `recurring-ical-events` expands its weekly
recurrences, as a calendar app would when importing it.

Run by scripts/test after Playwright, against the running release build (BASE_URL). A new
member signs up through the REST API, makes a timetable of the current semester with their
own blocks only (no school needed), shares it publicly and downloads the file as a guest.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import requests

BASE = os.environ.get("BASE_URL", "http://127.0.0.1:3100").rstrip("/")
TIMEOUT = 20
PASSWORD = "Sunny-Day-42!"
KST = ZoneInfo("Asia/Seoul")

# The member's own blocks: title -> times in the catalogue's words. 금6,7 is two periods
# (14:00–15:50); one block may meet on several days.
BLOCKS = {
    "동아리, 밴드": "월 09:00-10:30 수 13:00-14:50",
    "아르바이트": "금6,7",
    "주말 스터디": "토 10:00-12:00",
}


def http() -> requests.Session:
    s = requests.Session()
    s.trust_env = False  # loopback: never through a proxy from the environment
    return s


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def member() -> dict[str, str]:
    """A new member through the REST API (no Origin: a non-browser client), logged in."""
    s = http()
    email = f"tt-{secrets.token_hex(6)}@example.test"
    body = {"email": email, "password": PASSWORD, "name": "캘린더", "nickname": "캘린더"}
    r = s.post(BASE + "/api/users/signup", json=body, timeout=TIMEOUT)
    assert r.status_code == 201, r.text
    r = s.post(BASE + "/api/users/login", json={"email": email, "password": PASSWORD}, timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    return {"email": email, "token": r.json()["accessToken"]}


@pytest.fixture(scope="module")
def timetable(member) -> dict:
    """A public timetable of the current semester with BLOCKS in it, as its owner sees it."""
    s = http()
    auth = bearer(member["token"])
    r = s.get(BASE + "/api/timetables", headers=auth, timeout=TIMEOUT)
    assert r.status_code == 200, f"the current semester (the demo seed makes one): {r.text}"
    semester = r.json()["semester"]
    r = s.post(BASE + "/api/timetables", json={"semesterId": semester["id"], "name": "캘린더 내보내기"}, headers=auth, timeout=TIMEOUT)
    assert r.status_code == 201, r.text
    tid = r.json()["id"]
    for title, times in BLOCKS.items():
        block = {"title": title, "place": "학생회관 2층", "color": "#aecbfa", "times": times}
        r = s.post(f"{BASE}/api/timetables/{tid}/blocks", json=block, headers=auth, timeout=TIMEOUT)
        assert r.status_code == 201, r.text
    r = s.patch(f"{BASE}/api/timetables/{tid}", json={"visibility": "PUBLIC"}, headers=auth, timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    r = s.get(f"{BASE}/api/timetables/{tid}", headers=auth, timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    yield r.json()
    s.delete(f"{BASE}/api/timetables/{tid}", headers=auth, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def download(timetable) -> requests.Response:
    """The file as a guest downloads it (the timetable is public)."""
    r = http().get(f"{BASE}/api/timetables/{timetable['id']}/calendar.ics", timeout=TIMEOUT)
    assert r.status_code == 200, r.text
    return r


def slots(timetable: dict) -> list[tuple[str, int, int, int]]:
    """(title, day 0=월, start, end minutes) of every weekly meeting in the timetable."""
    return sorted((b["title"], s["day"], s["start"], s["end"]) for b in timetable["blocks"] for s in b["slots"])


def dates(timetable: dict) -> tuple[dt.date, dt.date]:
    sem = timetable["semester"]
    return dt.date.fromisoformat(sem["startsOn"]), dt.date.fromisoformat(sem["endsOn"])


def weekdays_between(first: dt.date, last: dt.date, weekday: int) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1) if (first + dt.timedelta(days=n)).weekday() == weekday]


def minutes(t: dt.datetime) -> int:
    return t.hour * 60 + t.minute


def test_the_download_is_an_icalendar_attachment(timetable, download):
    assert download.headers["Content-Type"] == "text/calendar; charset=utf-8"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and f"timetable-{timetable['id']}.ics" in disposition
    raw = download.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "content lines are folded at 75 octets"


def test_one_event_per_weekly_slot_in_seoul_time(timetable, download):
    cal = icalendar.Calendar.from_ical(download.content)
    zones = [tz["TZID"] for tz in cal.walk("VTIMEZONE")]
    assert zones == ["Asia/Seoul"]
    events = cal.walk("VEVENT")
    expected = slots(timetable)
    assert len(expected) == 4
    assert len(events) == len(expected)
    seen = []
    for ev in events:
        start, end = ev["DTSTART"], ev["DTEND"]
        assert start.params["TZID"] == "Asia/Seoul" and end.params["TZID"] == "Asia/Seoul"
        assert start.dt.utcoffset() == dt.timedelta(hours=9)
        rule = ev["RRULE"]
        assert rule["FREQ"] == ["WEEKLY"]
        seen.append((str(ev["SUMMARY"]), start.dt.weekday(), minutes(start.dt), minutes(end.dt)))
        assert str(ev["LOCATION"]) == "학생회관 2층"
    # The titles come back unescaped ("동아리, 밴드").
    assert sorted(seen) == expected


def test_the_recurrences_fill_the_semester_and_no_more(timetable, download):
    cal = icalendar.Calendar.from_ical(download.content)
    first_day, last_day = dates(timetable)
    # Expand well around the semester: nothing may fall outside its dates.
    occurrences = recurring_ical_events.of(cal).between(first_day - dt.timedelta(days=60), last_day + dt.timedelta(days=60))
    by_slot: dict[tuple[str, int, int, int], list[dt.datetime]] = {}
    for occ in occurrences:
        start = occ["DTSTART"].dt.astimezone(KST)
        end = occ["DTEND"].dt.astimezone(KST)
        assert start.date() == end.date()
        by_slot.setdefault((str(occ["SUMMARY"]), start.weekday(), minutes(start), minutes(end)), []).append(start)

    assert sorted(by_slot) == slots(timetable), "every occurrence on its weekday and at its time in KST"
    for (title, day, _start, _end), starts in by_slot.items():
        starts.sort()
        expected_days = weekdays_between(first_day, last_day, day)
        assert starts[0].date() >= first_day and starts[-1].date() <= last_day, title
        assert [s.date() for s in starts] == expected_days, f"{title}: one a week, every such weekday of the semester"
