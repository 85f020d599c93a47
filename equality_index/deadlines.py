"""The publication calendar of the index: deadlines, missed years, French dates.

The index of publication year Y (data of Y - 1) must be online by 1 March of Y.
This module holds that calendar as plain functions of "today", so that the
dashboard's reminder is tested at its boundaries (28 February, 1 and 2 March,
31 December, leap years) without a clock or a database. No Django import.
"""

import datetime
from dataclasses import dataclass

DEADLINE_MONTH = 3
DEADLINE_DAY = 1

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def deadline(publication_year):
    """The last day to publish the index of `publication_year`: 1 March of that year."""
    return datetime.date(publication_year, DEADLINE_MONTH, DEADLINE_DAY)


def next_deadline_year(today):
    """The publication year whose deadline is the next one not yet passed (today included)."""
    return today.year if today <= deadline(today.year) else today.year + 1


def missed_years(today, recorded_years, published_years):
    """Publication years whose deadline has passed while their index is not online.

    Counted from the first year the site knows of (the earliest record) to this year:
    before it, the site has no way to know what was published. A year whose
    deadline is today is not missed yet.
    """
    if not recorded_years:
        return []
    published = set(published_years)
    return [
        year
        for year in range(min(recorded_years), today.year + 1)
        if deadline(year) < today and year not in published
    ]


@dataclass(frozen=True)
class Reminder:
    """What the dashboard tells the team, computed from today and the recorded years."""

    today: datetime.date
    next_year: int
    next_deadline: datetime.date
    days_left: int
    next_year_published: bool
    missed_years: list

    @property
    def is_today(self):
        return self.days_left == 0


def reminder(today, recorded_years=(), published_years=()):
    """The next deadline, the days left before it and the years missed so far."""
    year = next_deadline_year(today)
    due = deadline(year)
    return Reminder(
        today=today,
        next_year=year,
        next_deadline=due,
        days_left=(due - today).days,
        next_year_published=year in set(published_years),
        missed_years=missed_years(today, recorded_years, published_years),
    )


def french_date(day, with_year=True):
    """'1er mars 2027', '2 mars 2027' ('1er' for the first of the month, as French writes it)."""
    number = "1er" if day.day == 1 else str(day.day)
    text = f"{number} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def count_of_days(days):
    """'1 jour', '90 jours' (and '0 jour': French puts 0 and 1 in the singular)."""
    return f"{days} jour" if abs(days) < 2 else f"{days} jours"


def french_list(items):
    """'2024', '2024 et 2025', '2024, 2025 et 2026'."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]
