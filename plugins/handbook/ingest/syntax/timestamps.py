"""YouTube timestamps: ``hh:mm:ss``, ``h:mm:ss`` and ``mm:ss``.

:func:`parse_time` is the only place a time string becomes seconds.  A value
is well formed when it has two or three colon-separated fields, the last two
of exactly two digits and below 60, and the first of one or two digits.
Anything else (``01:00:17:51``, ``00:12:34]``, ``12:34:``, empty) is
malformed and returns ``None``; callers then try :func:`parse_joined`, and
keep what it cannot read as text, with a warning.

:func:`parse_stamp_tag` reads the attributes of a ``<a class="yt-timestamp">``
tag.  A tag with no ``data-t="..."`` attribute at all (``data-23:11:00>``)
is *broken*, which callers report differently from a malformed value.

:func:`parse_joined` reads the two shapes of malformed value that the notes
write often and that say one moment unambiguously (:data:`MAX_RANGE`):

* a range with a colon for its dash: ``33:31:33:46`` (mm:ss to mm:ss),
  ``01:17:17:18:12`` (hh:mm:ss to mm:ss of the same hour) and
  ``01:02:03:01:02:40`` (hh:mm:ss to hh:mm:ss), where the end comes after
  the start (or is it) and at most :data:`MAX_RANGE` seconds later: the moment is the
  start;
* ``hh:mm:ss:00``, a well-formed time with the ``:00`` that some notes add
  to every stamp, when its hours are plausible for an episode
  (:data:`MAX_HOURS`): ``01:14:40:00`` is 1:14:40 (read before a range, since
  ``01:02:05:00`` is far likelier 1:02:05 than 1:02 to 5:00);
* ``hh:mm:ss:ff`` that is no such range, a time and a fraction of a second
  (``01:16:34:77``): the moment is the whole second;
* a well-formed time with a stray closing bracket (``00:18:58]``).

Anything else stays malformed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIME = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})")
_DATA_T = re.compile(r"""\bdata-t\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)

YOUTUBE_WATCH = "https://www.youtube.com/watch?v="
MAX_RANGE = 600  # seconds: a cited stretch of an episode, not two moments
MAX_HOURS = 3


def parse_time(value: str) -> int | None:
    """Seconds for a well-formed time string, else ``None``."""
    match = _TIME.fullmatch(value.strip())
    if match is None:
        return None
    hours_text, minutes_text, seconds_text = match.groups()
    minutes, seconds = int(minutes_text), int(seconds_text)
    if seconds >= 60:
        return None
    if hours_text is None:
        # mm:ss may carry more than 59 minutes only if written with hours.
        return minutes * 60 + seconds if minutes < 100 else None
    if minutes >= 60 or len(minutes_text) != 2:
        return None
    return int(hours_text) * 3600 + minutes * 60 + seconds


def parse_joined(value: str) -> tuple[int, str] | None:
    """``(seconds, shape)`` for a value of one of the shapes the module
    docstring lists, else ``None``; ``shape`` says which it was."""
    value = value.strip()
    if value.endswith("]"):
        seconds = parse_time(value[:-1])
        return (seconds, "a stray ']'") if seconds is not None else None
    fields = value.split(":")
    if len(fields) not in (4, 5, 6) or not all(f.isdigit() for f in fields):
        return None
    if len(fields[0]) not in (1, 2) or any(len(f) != 2 for f in fields[1:]):
        return None
    n = [int(f) for f in fields]
    clock = n[0] * 3600 + n[1] * 60 + n[2] if n[1] < 60 and n[2] < 60 else None
    if len(fields) == 4 and n[3] == 0 and clock is not None and n[0] <= MAX_HOURS:
        return clock, "hh:mm:ss with ':00' added"
    if len(fields) == 4:
        start, end = n[0] * 60 + n[1], n[2] * 60 + n[3]
        valid = all(x < 60 for x in n[1:])
    elif len(fields) == 5:
        start, end = n[0] * 3600 + n[1] * 60 + n[2], n[0] * 3600 + n[3] * 60 + n[4]
        valid = all(x < 60 for x in n[1:])
    else:
        start, end = n[0] * 3600 + n[1] * 60 + n[2], n[3] * 3600 + n[4] * 60 + n[5]
        valid = all(x < 60 for x in (n[1], n[2], n[4], n[5]))
    if valid and start <= end <= start + MAX_RANGE:
        return start, "a range written with colons"
    if len(fields) == 4 and clock is not None and n[0] <= MAX_HOURS:
        return clock, "hh:mm:ss and a fraction of a second"
    return None


@dataclass(frozen=True, slots=True)
class StampTag:
    """What a timestamp tag says: its ``data-t`` value, or that it has none."""

    value: str | None
    seconds: int | None


def parse_stamp_tag(attributes: str) -> StampTag:
    """Read ``data-t`` from the attribute text of a timestamp anchor."""
    match = _DATA_T.search(attributes)
    if match is None:
        return StampTag(None, None)
    value = next(group for group in match.groups() if group is not None)
    return StampTag(value, parse_time(value))


def youtube_url(video_id: str, seconds: int) -> str:
    """The watch URL that starts playback at ``seconds``."""
    return f"{YOUTUBE_WATCH}{video_id}&t={seconds}s"
