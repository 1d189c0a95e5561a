"""Reading the values in a roster's cells: US dates, hours of training, lists of tasks.

Pure functions of one cell's text, so the rows layer can remember each distinct answer: a million
rows repeat the same few thousand dates and task lists. A value that cannot be read raises
:class:`ValueProblem` with a message saying what is wrong and how to write it.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

DATE_FORMS = "M/D/YYYY, YYYY-MM-DD or Jan 5, 2024"
EARLIEST = date(1940, 1, 1)  # before this, a roster date is a typo in the year, not a credential
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_name) if m
}
_MONTHS["sept"] = 9

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_US = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")
_MONTH_FIRST = re.compile(r"([a-z]+)\.?[\s-]+(\d{1,2})(?:st|nd|rd|th)?,?[\s-]+(\d{2}|\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})[\s-]+([a-z]+)\.?,?[\s-]+(\d{2}|\d{4})")
_TIME = re.compile(r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm)?(?:z|[+-]\d{2}:?\d{2})?)$")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")


class ValueProblem(ValueError):
    """A cell's value cannot be read; the message says how to write it."""


def serial_date(serial: float, epoch: date) -> date:
    """An Excel serial day number as a date, in the workbook's 1900 or 1904 date system."""
    if not 1 <= serial <= 2958465:
        raise ValueProblem(f"{serial:g} is not an Excel date number; write the date as {DATE_FORMS}")
    return _plausible(epoch + timedelta(days=int(serial)))


def parse_date(text: str, epoch: date) -> date:
    """A date as US offices write it: ``1/5/2024``, ``1/5/24``, ``01-05-2024``, ``2024-01-05``,
    ``Jan 5, 2024``, ``5-Jan-2024``, with any time of day dropped, or an Excel serial number."""
    t = _TIME.sub("", text.strip().lower()).strip()
    if _SERIAL.fullmatch(t):
        return serial_date(float(t), epoch)
    if len(t) == 8 and t.isdigit():
        return _make(int(t[:4]), int(t[4:6]), int(t[6:]), text)
    if len(t) == 4 and t.isdigit():
        raise ValueProblem(f"a year alone is not a date; write the full date ({DATE_FORMS})")
    if m := _ISO.fullmatch(t):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _US.fullmatch(t):
        month, day = int(m[1]), int(m[2])
        if month > 12 and day <= 12:
            raise ValueProblem(
                f"month {month} does not exist: dates are read month first (US), so {day}/{month}/… was "
                f"probably meant; write it as {day}/{month}/{m[3]} or as YYYY-MM-DD"
            )
        return _make(_year(m[3]), month, day, text)
    if (m := _MONTH_FIRST.fullmatch(t)) and m[1] in _MONTHS:
        return _make(_year(m[3]), _MONTHS[m[1]], int(m[2]), text)
    if (m := _DAY_FIRST.fullmatch(t)) and m[2] in _MONTHS:
        return _make(_year(m[3]), _MONTHS[m[2]], int(m[1]), text)
    raise ValueProblem(f"not a date; write it as {DATE_FORMS}")


def _year(text: str) -> int:
    """A two-digit year is 19xx from 70 on, else 20xx (credentials are not older than 1970s)."""
    y = int(text)
    if len(text) == 2:
        return 1900 + y if y >= 70 else 2000 + y
    return y


def _make(year: int, month: int, day: int, text: str) -> date:
    if not 1 <= month <= 12:
        raise ValueProblem(f"month {month} does not exist; write the date as {DATE_FORMS}")
    if year < 1 or year > 9999:
        raise ValueProblem(f"year {year} is not a year; write the date as {DATE_FORMS}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueProblem(
            f"{calendar.month_name[month]} {year} has {last} days, so day {day} does not exist; check the date"
        )
    return _plausible(date(year, month, day))


def _plausible(d: date) -> date:
    if d < EARLIEST:
        raise ValueProblem(f"{d.isoformat()} is before {EARLIEST.year}; check the year")
    return d


_LIST = re.compile(r"[;,|\n\r]+")


def split_list(text: str) -> list[str]:
    """The items of a cell listing several things: separated by ``;``, ``,``, ``|`` or new lines."""
    return [p.strip() for p in _LIST.split(text) if p.strip()]


_HOURS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours)?\.?", re.I)
_TRAINING_ITEM = re.compile(r"(.*?)[\s:=-]*(\d+(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours)?\.?", re.I | re.S)
_YES = {"yes", "y", "x", "done", "completed", "complete", "true", "✓", "✔"}
_NO = {"no", "n", "none", "false", "0 hours", "-", "n/a", "na"}


def parse_hours(text: str) -> float | None:
    """Hours in a training-hours cell: ``12``, ``12.5``, ``20h``, ``8 hrs``; ``yes``/``x`` is training
    completed with the hours not recorded (None). Raises for anything else."""
    t = text.strip().lower()
    if m := _HOURS.fullmatch(t):
        return float(m[1])
    if t in _YES:
        return None
    raise ValueProblem('not a number of hours; write a number such as 12 or 12.5 (or "yes" if hours are unknown)')


def is_no(text: str) -> bool:
    """Does a cell say there is none ("no", "n/a", "-")?"""
    return text.strip().lower() in _NO


def parse_training(text: str) -> list[tuple[str, float | None]]:
    """A free-form training cell (``injection: 12; venipuncture 20h; EKG``) as (task text, hours)
    pairs; an item without a number is training completed with the hours not recorded."""
    out: list[tuple[str, float | None]] = []
    for item in split_list(text.replace("(", " ").replace(")", " ")):
        m = _TRAINING_ITEM.fullmatch(item)
        if m and m[1].strip():
            out.append((m[1].strip(), float(m[2])))
        elif m:
            raise ValueProblem(f"{item!r} gives hours but no task; write it as task: hours, e.g. injection: 12")
        else:
            out.append((item.rstrip(":= -"), None))
    return out
