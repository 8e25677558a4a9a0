"""YouTube timestamps: ``hh:mm:ss``, ``h:mm:ss`` and ``mm:ss``.

:func:`parse_time` is the only place a time string becomes seconds.  A value
is well formed when it has two or three colon-separated fields, the last two
of exactly two digits and below 60, and the first of one or two digits.
Anything else (``01:00:17:51``, ``00:12:34]``, ``12:34:``, empty) is
malformed and returns ``None``; callers keep such text as it is and warn.

:func:`parse_stamp_tag` reads the attributes of a ``<a class="yt-timestamp">``
tag.  A tag with no ``data-t="..."`` attribute at all (``data-23:11:00>``)
is *broken*, which callers report differently from a malformed value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TIME = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})")
_DATA_T = re.compile(r"""\bdata-t\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)

YOUTUBE_WATCH = "https://www.youtube.com/watch?v="


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
