"""Dates as French readers say them, and as HTML's <time datetime> wants them."""

from django.db import models

MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


class DatePrecision(models.TextChoices):
    YEAR = "year", "Année"
    MONTH = "month", "Mois"
    DAY = "day", "Jour"


def spoken_date(date, precision):
    """'1998', 'juillet 2020', '1er janvier 2024' (French writes the first day as 1er)."""
    if date is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(date.year)
    month_year = f"{MONTHS[date.month - 1]} {date.year}"
    if precision == DatePrecision.MONTH:
        return month_year
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {month_year}"


def datetime_attribute(date, precision):
    """A valid HTML date string no more precise than what we know: 1998, 2020-07, 2024-01-01."""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()
