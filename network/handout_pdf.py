"""The handout as a PDF (A4 or US Letter), drawn with ReportLab so the command line needs no browser.

Legible in grayscale: each link's evidence is shown by its dash pattern and named in words; colours only
repeat what the patterns say. In the reader's language, title and language in the file's metadata too; the
standard fonts (Helvetica) cover Latin-1, so Spanish's accents, ñ, ¿ and ¡ need no embedded font.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import TypeVar
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Circle, Drawing, Line, LineShape, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from . import i18n
from .figures import STATUS_STYLE
from .handout import Handout, status_word
from .i18n import _
from .layout import bezier_point, bow_point, layered_positions
from .model import Dataset
from .vocabulary import STATUS_MEANINGS, STATUSES, strongest_status

__all__ = ["handout_pdf", "write_handout_pdf", "PAPER"]

PAPER = {"a4": A4, "letter": LETTER}
#: Dash patterns (on, off in points) matching the map's plotly dashes, so the PDF reads the same way (none: solid).
_DASHES: dict[str, list[float]] = {"solid": [], "longdash": [8, 3], "dash": [4, 3], "dot": [1, 2.5],
                                   "dashdot": [5, 2, 1, 2], "longdashdot": [8, 2, 1, 2]}
_Stroked = TypeVar("_Stroked", bound=LineShape)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _dashed(shape: _Stroked, dash: str) -> _Stroked:
    """The line or curve drawn in the map's dash pattern ``dash`` (solid draws no pattern)."""
    if pattern := _DASHES[dash]:
        shape.strokeDashArray = pattern
    return shape


def _box(x: float, y: float, width: float, height: float, fill: Color | None, stroke: Color | None,
         fill_opacity: float = 1.0, stroke_width: float = 1.0) -> Rect:
    """A rectangle, its style set attribute by attribute (as Rect's keywords would set it)."""
    box = Rect(x, y, width, height)
    box.fillColor, box.fillOpacity, box.strokeColor, box.strokeWidth = fill, fill_opacity, stroke, stroke_width
    return box


def _map(ds: Dataset, h: Handout, width: float) -> Drawing:
    route_nodes = {n for r in h.routes for n in r.route.nodes}
    pairs = {(a.source, a.target): a for r in h.routes for a in r.route.hops}
    nodes = sorted(route_nodes) or sorted({n for e in ds.flow_edges for n in (e.source, e.target)})
    pos = layered_positions(ds, nodes)
    height = 70 * mm
    cols = max((p[0] for p in pos.values()), default=0) or 1
    pad_x, pad_top, pad_bottom = 18 * mm, 6 * mm, 16 * mm
    legend_h = 10 * mm

    def xy_of(p: tuple[float, float]) -> tuple[float, float]:
        x, y = p
        return (pad_x + x / cols * (width - 2 * pad_x),
                legend_h + pad_bottom + y * (height - pad_top - pad_bottom - legend_h))

    def xy(n: str) -> tuple[float, float]:
        return xy_of(pos[n])

    d = Drawing(width, height)
    for (a, b), hop in sorted(pairs.items()):
        colour, dash = STATUS_STYLE[hop.status]
        control = bow_point(pos[a], pos[b])  # the same curve as the on-screen map
        points = [xy_of(bezier_point(pos[a], control, pos[b], i / 16)) for i in range(17)]
        d.add(_dashed(PolyLine([c for p in points for c in p], strokeColor=colors.HexColor(colour),
                               strokeWidth=1.6), dash))
        (tx, ty), (hx, hy) = (xy_of(bezier_point(pos[a], control, pos[b], t)) for t in (0.64, 0.74))
        length = max(((hx - tx) ** 2 + (hy - ty) ** 2) ** 0.5, 0.01)
        ux, uy = (hx - tx) / length, (hy - ty) / length
        d.add(Polygon([hx + ux * 4, hy + uy * 4, hx - ux * 3 - uy * 3.2, hy - uy * 3 + ux * 3.2,
                       hx - ux * 3 + uy * 3.2, hy - uy * 3 - ux * 3.2],
                      fillColor=colors.HexColor(colour), strokeColor=None))
    for n in nodes:
        x, y = xy(n)
        d.add(Circle(x, y, 4.2, fillColor=colors.white, strokeColor=colors.black, strokeWidth=1.2))
        label = ds.label(n)
        words, lines, line = label.split(), [], ""
        for w in words:  # wrap labels to about 20 characters
            if len(line) + len(w) > 20 and line:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}".strip()
        lines.append(line)
        lines = lines[:3]
        box_w = max(len(t) for t in lines) * 3.6 + 4
        d.add(_box(x - box_w / 2, y - 8 - len(lines) * 8, box_w, len(lines) * 8 + 1, colors.white, None,
                   fill_opacity=0.85))  # labels stay readable where links pass behind
        for i, text in enumerate(lines):
            d.add(String(x, y - 13 - i * 8, text, fontSize=7, textAnchor="middle", fontName="Helvetica"))
    used = [s for s in STATUSES if any(strongest_status([h.status]) == s for h in pairs.values())]
    # legend: the pattern and the word, never colour alone; each entry as wide as its word needs (34 mm at the
    # least), on a second row when the words of a language do not fit on one
    entries = [(s, status_word(s)) for s in used]
    widths = [max(34 * mm, 12 * mm + stringWidth(word, "Helvetica", 7.5) + 4 * mm) for _s, word in entries]
    rows = [4 * mm] if pad_x + sum(widths) <= width else [7 * mm, 2.5 * mm]
    x, row = pad_x, 0
    for (s, word), entry_w in zip(entries, widths, strict=True):
        if x + entry_w > width and x > pad_x and row + 1 < len(rows):
            x, row = pad_x, row + 1
        colour, dash = STATUS_STYLE[s]
        y = rows[row]
        d.add(_dashed(Line(x, y, x + 10 * mm, y, strokeColor=colors.HexColor(colour), strokeWidth=1.6), dash))
        d.add(String(x + 12 * mm, y - 1 * mm, word, fontSize=7.5, fontName="Helvetica"))
        x += entry_w
    d.add(_box(0, 0, width, height, None, colors.HexColor("#999999"), stroke_width=0.5))
    return d


def handout_pdf(ds: Dataset, h: Handout, paper: str = "a4") -> bytes:
    """The handout as PDF bytes. ``paper`` is 'a4' or 'letter'.

    Examples
    --------
    >>> import network
    >>> from network.handout import build_handout
    >>> from network.viewstate import ViewState
    >>> handout_pdf(network.load(), build_handout(network.load(), ViewState(origins=("ebhs",))))[:5]
    b'%PDF-'
    """
    size = PAPER[paper]
    buffer = BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=size, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=16 * mm, title=h.question, author="Entanglement Map",
                            subject=h.dataset, lang=i18n.language())
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=10, leading=13.5)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontSize=16, leading=20, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontSize=12.5, leading=16, spaceBefore=8)
    story: list[Flowable] = [
        _p(h.question, h1),
        _p(_("{dataset} · license: {license} · printed {date}").format(dataset=h.dataset, license=h.license,
                                                                       date=h.date), small),
        _p(" ".join(x for x in (h.summary, h.omitted_note) if x), body),
    ]
    if h.continuity_note:
        story.append(_p(h.continuity_note, small))
    if h.outcomes:
        story.append(_p(_("What the sources say arrived"), h2))
        story += [_p(f"• {o}", body) for o in h.outcomes]
        story.append(_p(_("An outcome shows that a record arrived, not by which route: it raises no route's "
                          "strength."), small))
    story += [
        Spacer(1, 3 * mm),
        _map(ds, h, size[0] - 36 * mm),
        Spacer(1, 2 * mm),
        _p(_("Line patterns: {patterns}.").format(
            patterns="; ".join(f"{status_word(s)} ({STATUS_MEANINGS[s]})" for s in STATUSES[:5])), small),
    ]
    if h.routes:
        story.append(_p(_("Routes"), h2))
        items = []
        for r in h.routes:
            chips = ", ".join([status_word(r.strength), *r.tags])
            head = f"<b>{escape(' → '.join(r.labels))}</b> — {escape(chips)}"
            parts: list[Flowable] = [Paragraph(head, body),
                                     _p(" ".join(x for x in (r.strength_text, r.time_text) if x), small),
                                     _p(r.sentence, body)]
            if r.handoffs:
                parts.append(_p(r.handoffs, small))
            items.append(ListItem(parts, value=r.number))
        # ListFlowable numbers ListItems, which are no Flowables: types-reportlab types the items as Flowables only
        story.append(ListFlowable(items, bulletType="1", leftIndent=14))  # type: ignore[arg-type]
        if h.more_note:
            story.append(_p(h.more_note, body))
    if h.levers:
        story += [_p(_("What would cut every route"), h2), _p(h.levers, body)]
        story += [_p(f"• {c}", body) for c in h.chokepoints]
    if h.sources:
        story.append(_p(_("Sources"), h2))
        for n, c in h.sources:
            text = f"[{n}] {escape(c.title)}" + (f" — {escape(c.detail)}" if c.detail else "")
            if c.url:
                text += f'<br/><font size="8">{escape(c.url)}</font>'
            story.append(KeepTogether(Paragraph(text, small)))
    if h.gaps:
        story.append(_p(_("Known gaps in the data"), h2))
        story += [_p(f"• {g}", small) for g in h.gaps]
    doc.build(story)
    return buffer.getvalue()


def write_handout_pdf(ds: Dataset, h: Handout, path: str | Path, paper: str = "a4") -> Path:
    path = Path(path)
    path.write_bytes(handout_pdf(ds, h, paper))
    return path
