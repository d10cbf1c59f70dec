"""A named week (``--week 2026-W22``): its dates, and the Dutch public holidays taken out of its working days.

A week is an ISO 8601 week (``YYYY-Www``, Monday first). :func:`plan_week` gives its record for
``plan.json``'s ``meta.week`` (the week, the date of each weekday, the working days it drops and why);
the holidays come from the maintained ``holidays`` package (country ``NL``, names in English; it
needs no network). :func:`without_days` takes dropped days out of a network, the one rule used both
when a week is planned and when a written run is read back (:mod:`.runs`), so the checker sees the
same working days as the plan:

- the days leave ``working_days``, so each branch's week is spread over the days that remain (the
  accumulation rule carries a holiday's items to the next visit);
- a branch with fixed ``days`` loses the dropped ones; when none is left, its visit moves to the
  first working day after the first of them (else the last one before);
- ``visits_per_week`` and the service limits are capped at the working days left; a ``[frequencies]``
  pattern loses the dropped days and is kept under its new number of visits.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .codes import WEEKDAYS
from .data.model import Branch, Network, Settings
from .errors import LogisticsError
from .plan_meta import WeekRecord

#: The time zone of the plans' clock times (the Netherlands).
TIME_ZONE = ZoneInfo("Europe/Amsterdam")
COUNTRY = "NL"

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class WeekError(LogisticsError):
    """A ``--week`` that is not an ISO week."""


@dataclass(frozen=True)
class DroppedDay:
    """A working day the week does not have: its weekday key, date and the holiday's name."""

    day: str
    date: str  # YYYY-MM-DD
    holiday: str


def parse_week(week: str) -> tuple[int, int]:
    """``2026-W22`` -> (2026, 22); one error line for anything else (a week 53 only in a year that has one)."""
    m = _WEEK.match(week.strip())
    if not m:
        raise WeekError(f"--week {week!r}: expected an ISO week such as 2026-W22")
    year, number = int(m.group(1)), int(m.group(2))
    try:
        date.fromisocalendar(year, number, 1)
    except ValueError:
        raise WeekError(f"--week {week!r}: {year} has no week {number}") from None
    return year, number


def week_dates(week: str) -> dict[str, date]:
    """Each weekday key of the week (``mon`` .. ``sun``) and its date."""
    year, number = parse_week(week)
    monday = date.fromisocalendar(year, number, 1)
    return {d: monday + timedelta(days=k) for k, d in enumerate(WEEKDAYS)}


def public_holidays(week: str) -> dict[str, tuple[date, str]]:
    """The week's Dutch public holidays by weekday key: (date, name in English)."""
    import holidays

    dates = week_dates(week)
    years = sorted({d.year for d in dates.values()})
    nl = holidays.country_holidays(COUNTRY, years=years, language="en_US")
    return {day: (d, str(nl[d])) for day, d in dates.items() if d in nl}


def plan_week(week: str, working_days: tuple[str, ...]) -> tuple[dict[str, str], list[DroppedDay]]:
    """The week's dates (weekday key -> ``YYYY-MM-DD``) and the working days its holidays take out."""
    dates = {day: d.isoformat() for day, d in week_dates(week).items()}
    off = public_holidays(week)
    dropped = [DroppedDay(day, dates[day], off[day][1]) for day in working_days if day in off]
    return dates, dropped


def dated_network(network: Network, week: str | None) -> tuple[Network, WeekRecord | None]:
    """The network of the named week (its holidays out of the working days) and the week's record."""
    if not week:
        return network, None
    dates, dropped = plan_week(week, network.settings.working_days)
    record = WeekRecord(week.strip(), dates, [asdict(d) for d in dropped])
    return without_days(network, record.dropped_days), record


def without_days(network: Network, days: list[str]) -> Network:
    """The network with ``days`` taken out of its working days (the rules in the module's docstring)."""
    s = network.settings
    left = tuple(d for d in s.working_days if d not in days)
    if not days or left == s.working_days:
        return network
    if not left:
        raise WeekError(f"the week has no working day left ({', '.join(days)} are public holidays)")
    n = len(left)
    settings = replace(
        s,
        working_days=left,
        patterns=_patterns(s, days),
        max_days_between_visits=_cap(s.max_days_between_visits, n),
        min_visits_per_week=_cap(s.min_visits_per_week, n),
    )
    branches = tuple(_branch(b, s.working_days, left) for b in network.branches)
    return network.with_changes(branches=branches, settings=settings)


def _cap(value: int | None, n: int) -> int | None:
    return None if value is None else min(value, n)


def _patterns(s: Settings, days: list[str]) -> dict[int, tuple[tuple[str, ...], ...]]:
    """Explicit ``[frequencies]`` patterns without the dropped days (empty: the defaults of the days left)."""
    out: dict[int, set[tuple[str, ...]]] = {}
    for pats in s.patterns.values():
        for p in pats:
            kept = tuple(d for d in p if d not in days)
            if kept:
                out.setdefault(len(kept), set()).add(kept)
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


def _branch(b: Branch, week: tuple[str, ...], left: tuple[str, ...]) -> Branch:
    n = len(left)
    days = b.days
    if days:
        kept = tuple(d for d in days if d in left)
        if not kept:
            after = [d for d in week[week.index(days[0]) :] if d in left]
            kept = (after[0],) if after else (left[-1],)
        days = kept
    return replace(
        b,
        days=days,
        visits_per_week=_cap(b.visits_per_week, n),
        min_visits_per_week=_cap(b.min_visits_per_week, n),
        max_days_between_visits=_cap(b.max_days_between_visits, n),
    )


def week_line(record: WeekRecord) -> str:
    """What ``plan`` says of the week: its dates and each working day a public holiday took out."""
    text = f"week {record.week}: {record.dates['mon']} to {record.dates['sun']}"
    for d in record.dropped:
        text += f"; {d['day']} {d['date']} dropped from the working days: {d['holiday']} (a Dutch public holiday)"
    return text


def utc_time(day_date: str, hhmm: str) -> str:
    """A plan's clock time on a date, Europe/Amsterdam, as UTC in ISO 8601 (``2026-05-26T07:30:00Z``)."""
    local = datetime.fromisoformat(f"{day_date}T{hhmm}").replace(tzinfo=TIME_ZONE)
    return local.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")
