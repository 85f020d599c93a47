"""When an event takes place, in Paris time, as French readers say it and HTML's <time> wants it.

Events are stored in UTC; they are always shown in Paris time, whatever the
reader's or the server's time zone, and the page says so.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from core.dates import MONTHS

PARIS = ZoneInfo("Europe/Paris")
TIME_ZONE_LABEL = "heure de Paris"
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def in_paris(moment):
    return moment.astimezone(PARIS)


def spoken_day(moment):
    """'jeudi 12 mars 2026', 'dimanche 1er mars 2026' (in Paris)."""
    moment = in_paris(moment)
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{WEEKDAYS[moment.weekday()]} {day} {MONTHS[moment.month - 1]} {moment.year}"


def spoken_time(moment):
    """'14 h', '9 h 05': the French way (in Paris)."""
    moment = in_paris(moment)
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


def datetime_attribute(moment):
    """A valid HTML global date and time, with Paris's offset: 2026-03-12T14:00+01:00."""
    return in_paris(moment).isoformat(timespec="minutes")


@dataclass(frozen=True)
class Period:
    """What a template needs to say when an event takes place."""

    start: datetime.datetime
    end: datetime.datetime

    @property
    def same_day(self):
        return in_paris(self.start).date() == in_paris(self.end).date()

    @property
    def start_day(self):
        return spoken_day(self.start)

    @property
    def end_day(self):
        return spoken_day(self.end)

    @property
    def start_date_attribute(self):
        return in_paris(self.start).date().isoformat()

    @property
    def start_time(self):
        return spoken_time(self.start)

    @property
    def end_time(self):
        return spoken_time(self.end)

    @property
    def start_attribute(self):
        return datetime_attribute(self.start)

    @property
    def end_attribute(self):
        return datetime_attribute(self.end)

    @property
    def time_zone(self):
        return TIME_ZONE_LABEL

    def __str__(self):
        if self.same_day:
            return f"{self.start_day}, de {self.start_time} à {self.end_time} ({TIME_ZONE_LABEL})"
        return (
            f"du {self.start_day} à {self.start_time} au {self.end_day} à {self.end_time} "
            f"({TIME_ZONE_LABEL})"
        )
