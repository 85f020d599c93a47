"""iCalendar files (RFC 5545) for the agenda, written by hand: no Django here.

The agenda only ever writes calendars, never reads them, and writes one kind of
component (VEVENT) with times in UTC, so it needs no time zone component: the
whole of RFC 5545 it uses is below. What the RFC asks of it:

- lines end with CRLF and are folded at 75 octets (UTF-8 octets, never in the
  middle of a character), continuation lines starting with one space;
- TEXT values escape backslashes, semicolons, commas and line breaks, and hold
  no other control character;
- each event has a UID that stays the same whatever changes (the page's
  translation key), a DTSTAMP, and DTSTART/DTEND in UTC ("Z").

There is no METHOD property: the file is a published calendar, not a scheduling
message, so DTSTAMP is when the event was last published, and the file stays the
same until an editor changes it.
"""

import datetime
import re
from dataclasses import dataclass

CRLF = "\r\n"
LINE_OCTETS = 75
PRODUCT_ID = "-//Smart en France//Agenda//FR"
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    stamp: datetime.datetime
    description: str = ""
    location: str = ""
    url: str = ""


def text(value):
    """A TEXT value (RFC 5545, 3.3.11): escaped, one line, no control character."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\n", "\\n")
    return CONTROL_CHARACTERS.sub("", value)


def uri(value):
    # A URI is not TEXT: its commas and semicolons stay as they are.
    return CONTROL_CHARACTERS.sub("", value.replace("\r", "").replace("\n", ""))


def utc(moment):
    """A DATE-TIME in UTC, the form that needs no VTIMEZONE: 20260312T130000Z."""
    if moment.tzinfo is None:
        raise ValueError("An iCalendar time needs a time zone.")
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line):
    """The content line cut into lines of at most 75 octets, joined by CRLF and a space."""
    lines = []
    current, size, limit = [], 0, LINE_OCTETS
    for character in line:
        octets = len(character.encode())
        if size + octets > limit:
            lines.append("".join(current))
            # The space that starts a continuation line counts in its 75 octets.
            current, size, limit = [], 0, LINE_OCTETS - 1
        current.append(character)
        size += octets
    lines.append("".join(current))
    return f"{CRLF} ".join(lines)


def event_lines(event):
    yield "BEGIN:VEVENT"
    yield f"UID:{text(event.uid)}"
    yield f"DTSTAMP:{utc(event.stamp)}"
    yield f"LAST-MODIFIED:{utc(event.stamp)}"
    yield f"DTSTART:{utc(event.start)}"
    yield f"DTEND:{utc(event.end)}"
    yield f"SUMMARY:{text(event.summary)}"
    if event.description:
        yield f"DESCRIPTION:{text(event.description)}"
    if event.location:
        yield f"LOCATION:{text(event.location)}"
    if event.url:
        yield f"URL:{uri(event.url)}"
    yield "END:VEVENT"


def calendar(events, name):
    """The iCalendar file of `events` (CalendarEvent), as text with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        # NAME is RFC 7986's; X-WR-CALNAME is what most calendar applications read.
        f"NAME:{text(name)}",
        f"X-WR-CALNAME:{text(name)}",
    ]
    for event in events:
        lines.extend(event_lines(event))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
