"""A slide's text fitted to the screen: the slide as data (``Slide``), and ``fit``, which sets its text at the
largest size that fits and carries what does not over "continued" slides with the same title.

A slide never cuts text: ``fit`` lays each slide out for the smallest screen the slides promise (``SCREEN``) with
a conservative estimate of how much text fits (average character widths of the browser's default font, and the
boxes of present.css). ``tests/browser/test_hearing_browser.py`` measures every slide in Chromium and is the
judge of the estimate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from .citations import Citation
from .handout_words import status_word
from .i18n import _

__all__ = ["Slide", "fit", "SCREEN", "InEnglish"]


class InEnglish(str):
    """A line of a slide that stays in English whatever the reader's language (a data set's text it gives in no
    other, like its license): the page marks it ``lang="en"``. A line split over slides loses the mark."""


@dataclass
class Slide:
    """One slide: a title, lines of large text, an evidence status, citations and a map.

    A slide whose text does not fit is shown as ``parts`` slides; this is part ``part`` (1 for the first).
    ``sizes`` are the title's and the text's font sizes in CSS pixels (set by ``fit``; present.css reads them).
    """

    kind: str  # title, route, hop, outcomes, more, levers, timeline, step, message
    title: str
    lines: list[str] = field(default_factory=list)
    status: str = ""
    sources: list[Citation] = field(default_factory=list)
    figure: dict[str, Any] | None = None
    section: str = ""
    tags: list[str] = field(default_factory=list)  # plain words beside the status: "possible route", "closed today"
    part: int = 1
    parts: int = 1
    sizes: tuple[int, int] = (0, 0)

    @property
    def continued(self) -> bool:
        return self.part > 1


#: The screen every slide is laid out for, in design pixels. present.css scales a design pixel to
#: min(100vw / 1024, 100vh / 720), so this box fits on every screen at the same proportions: 1024×768 (4:3)
#: shows it at scale 1 with room to spare below, 1440×900 at 1.25 with room beside, 1920×1080 at 1.5.
SCREEN = (1024, 720)
# These repeat present.css (keep them in step): the footer, the slide's padding, the gap beside a map, the
# share of the width the text takes beside a map, line heights and the space after each block.
_FOOTER, _PAD_TOP, _PAD_BOTTOM, _PAD_X, _GAP = 44, 24, 8, 40, 28
_TEXT_SHARE = 0.5
_LEADING, _TITLE_LEADING, _SOURCE_LEADING = 1.35, 1.2, 1.3
_P_AFTER, _H1_AFTER, _SECTION_AFTER, _SOURCES_BOX = 12, 14, 6, 11
_SECTION_PX, _SOURCE_PX = 20, 18
_TITLE_TOP = 40  # the title slide's heading starts lower
_CHIP_BORDERS = 10  # the status chip's borders, above and below
# Average character widths in em, rounded up from DejaVu Sans (Chromium's default on Debian, wider than
# Arial, Helvetica or Segoe UI) on route sentences: 0.51 regular, 0.58 bold, 0.66 capitals (the section line).
_EM, _BOLD_EM, _CAPS_EM = 0.56, 0.64, 0.74
_SLACK = 12  # design pixels left free under the text, for what the estimate misses
#: By kind of slide: the title's font size, and the text's largest and smallest, in design pixels. A text is
#: set at the largest size that needs no more slides than the smallest would.
_SIZES = {"title": (44, 26, 22), "route": (30, 24, 20), "hop": (28, 26, 20), "step": (32, 24, 20),
          "outcomes": (32, 24, 20), "more": (38, 28, 24), "levers": (34, 26, 22), "timeline": (34, 24, 20),
          "message": (38, 28, 22)}
_MIN_TITLE = 22


def _wrap(text: str, per_line: int) -> list[list[str]]:
    """The words of ``text`` as lines of at most ``per_line`` characters (a longer word takes a line alone,
    where the page breaks it: overflow-wrap)."""
    lines: list[list[str]] = []
    length = 0
    for word in text.split():
        n = len(word)
        if lines and length + 1 + n <= per_line:
            lines[-1].append(word)
            length += 1 + n
        else:
            for _ in range(max(1, math.ceil(n / per_line)) - 1):
                lines.append([])  # a word broken over lines
            lines.append([word])
            length = n % per_line or per_line
    return lines


def _per_line(width: float, size: float, em: float) -> int:
    return max(8, int(width / (size * em)))


def _height(text: str, width: float, size: float, em: float, leading: float, after: float) -> float:
    return len(_wrap(text, _per_line(width, size, em))) * size * leading + after if text else 0.0


def _split(text: str, width: float, size: float, room: float) -> tuple[str, str]:
    """The longest start of ``text`` whose lines fit in ``room`` pixels (preferring to end a sentence or a
    clause), and the rest; an ellipsis marks where the text goes on."""
    per, line_h = _per_line(width, size, _EM), size * _LEADING
    fit_lines = int((room - _P_AFTER) // line_h)
    if fit_lines < 1:
        return "", text
    words = [w for line in _wrap(text, per)[:fit_lines] for w in line]
    if len(words) >= len(text.split()):
        return text, ""
    cut = len(words)
    for i in range(len(words) - 1, max(0, int(len(words) * 0.6)) - 1, -1):
        if words[i].endswith((".", ";", ":")):  # end the slide at a sentence or clause where one is near
            cut = i + 1
            break
    rest = text.split()
    cut = max(1, cut)
    while True:
        head = " ".join(rest[:cut])
        if not head.endswith("."):  # the ellipsis is held to the last word (a no-break space), and must fit too
            head += "\u00a0…"
        if cut == 1 or len(_wrap(head, per)) <= fit_lines:
            break
        cut -= 1
    tail = " ".join(rest[cut:])
    return head, tail if head.endswith(".") else "… " + tail


def _continued(part: int, parts: int) -> str:
    """The mark of a part of a slide in its section line: '(1 of 3)' on the first, 'continued (2 of 3)' after."""
    if part == 1:
        # Translators: the first of the slides a long text goes on over, in the slide's section line
        return _("({part} of {parts})").format(part=part, parts=parts)
    return _("continued ({part} of {parts})").format(part=part, parts=parts)


def _title_size(title: str, size: int, width: float, most: float) -> int:
    """The title's font size: its kind's, smaller for a title that would take more than ``most`` pixels."""
    while size > _MIN_TITLE and _height(title, width, size, _BOLD_EM, _TITLE_LEADING, 0) > most:
        size -= 2
    return size


def _pages(slide: Slide, text_px: int, title_px: int, screen: tuple[int, int]) -> list[list[str]]:
    """The slide's lines, set at ``text_px``, shared out over as many slides as they need."""
    width, height = screen[0] - 2 * _PAD_X, screen[1] - _FOOTER - _PAD_TOP - _PAD_BOTTOM
    longest = f"{slide.section} · {_continued(10, 10)}"
    section_h = _height(longest, width, _SECTION_PX, _CAPS_EM, _LEADING, _SECTION_AFTER)
    top = _TITLE_TOP if slide.kind == "title" else 0
    head = top + section_h + _height(slide.title, width, title_px, _BOLD_EM, _TITLE_LEADING, _H1_AFTER)
    sources_h = (sum(_height(f"00. {c.title} ({c.detail})", width - 1.4 * _SOURCE_PX, _SOURCE_PX, _EM,
                             _SOURCE_LEADING, 0) for c in slide.sources) + _SOURCES_BOX) if slide.sources else 0
    status = " ".join([status_word(slide.status), *slide.tags]) if slide.status or slide.tags else ""

    def room(first: bool) -> tuple[float, float]:
        text_w = (width - _GAP) * _TEXT_SHARE if first and slide.figure else width
        free = height - head - _SLACK - (sources_h if first else 0)
        if first and status:  # the status and tags are boxes with borders: a little taller than a line
            free -= _height(status + " " * 4 * len(slide.tags), text_w, text_px, _EM, _LEADING, _P_AFTER) + \
                _CHIP_BORDERS
        return text_w, free

    pages: list[list[str]] = [[]]
    text_w, free = room(True)
    queue = [line for line in slide.lines if line]
    while queue:
        line = queue.pop(0)
        h = _height(line, text_w, text_px, _EM, _LEADING, _P_AFTER)
        if h <= free:
            pages[-1].append(line)
            free -= h
            continue
        head_text, tail = _split(line, text_w, text_px, free)
        if head_text and (free >= 2 * text_px * _LEADING or not pages[-1]):
            pages[-1].append(head_text)
            line = tail
        elif not pages[-1]:  # not even one line fits: give it a slide anyway (text is never lost)
            pages[-1].append(line)
            line = ""
        if line:
            queue.insert(0, line)
        pages.append([])
        text_w, free = room(False)
    if len(pages) > 1 and not pages[-1]:
        pages.pop()
    return pages


def fit(slide: Slide, screen: tuple[int, int] = SCREEN) -> list[Slide]:
    """The slide as one or more slides whose text fits on ``screen`` (in design pixels): the text is set at the
    largest size of its kind that needs no more slides than the smallest would, and a text still too long goes
    on over "continued" slides with the same title (the map, the status and the sources stay on the first).

    Examples
    --------
    >>> parts = fit(Slide("step", "A step", ["word " * 600]))
    >>> len(parts) > 1, parts[1].section, parts[1].title
    (True, 'Continued (2 of 2)', 'A step')
    """
    width, height = screen[0] - 2 * _PAD_X, screen[1] - _FOOTER - _PAD_TOP - _PAD_BOTTOM
    title_px, largest, smallest = _SIZES.get(slide.kind, _SIZES["message"])
    title_px = _title_size(slide.title, title_px, width, height * 0.3)
    fewest = _pages(slide, smallest, title_px, screen)
    text_px, pages = smallest, fewest
    for size in range(largest, smallest, -2):
        tried = _pages(slide, size, title_px, screen)
        if len(tried) <= len(fewest):
            text_px, pages = size, tried
            break
    n = len(pages)
    out = []
    for i, lines in enumerate(pages, 1):
        section = slide.section
        if n > 1:
            mark = _continued(i, n)
            section = f"{section} · {mark}" if section else mark.capitalize()
        if i == 1:
            out.append(replace(slide, lines=lines, section=section, part=1, parts=n, sizes=(title_px, text_px)))
        else:
            out.append(Slide(slide.kind, slide.title, lines, section=section, part=i, parts=n,
                             sizes=(title_px, text_px)))
    return out
