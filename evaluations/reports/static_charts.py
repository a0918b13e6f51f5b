"""A figure from ``charts.py`` as static SVG, drawn by the server: every chart's first paint.

Each chart container holds this SVG from the start (``templates/_chart.html``), so a chart page
shows its charts without plotly.js; ``static/js/portal.js`` loads plotly.js on the first
interaction and draws the interactive chart in the SVG's place. Print uses whichever is there.

Draws the part of plotly's figure format that ``charts.py`` and ``planning/charts.py`` use, from
the same figure dict the page sends to plotly.js: bar traces (horizontal and vertical, ``barmode``
"group" and "stack", ``width``, ``text`` outside or inside), scatter traces (lines with gaps,
dashes and ``hv`` steps, markers, text), rectangle and line shapes, annotations, numeric and
category axes (``range``, ``dtick``, ``tickformat``, reversed, hidden, titles), grid and zero lines
and the legend, in the figure's ``separators``. Hover text and anything else are left out, not
guessed at: the table beside each chart carries the numbers.

Geometry is plotly's: the container is the figure's height in CSS px; the plot area is that less
the margins (padding of a box holding the SVG), its x and y in percent of the plot area, so the SVG
fills any width at the figure's own height; text keeps its size and moves by px (``dx``/``dy``).
The legend is HTML below the plot, wrapping like plotly's on a narrow screen. Built as strings:
it runs on every chart page (docs/performance.md has its cost).
"""

import functools
import html
import math

from django.utils.safestring import mark_safe

FONT_SIZE = 13  # charts.FONT's size: plotly's default for tick labels, text and annotations
INK = "#444"  # plotly's default font colour
GRID = "#eee"  # plotly's default grid colour
ZERO = "#444"  # and its zero line's
CHAR_PX = 0.52  # an average glyph's width, in font sizes (system-ui, mixed case)
ASSUMED_PLOT_PX = 400  # a plot's width for choosing automatic x ticks (plotly uses the real one)
DEFAULT_BAR_COLOUR = "#1f77b4"
TITLE_SIZE = 15.6  # plotly's axis titles: 1.2 × the font size
LEGEND_PX = 24  # a legend's line


def _lines(text):
    """A plotly text as plain lines: its ``<br>`` breaks them; entities as ``charts.plain`` wrote them."""
    return [html.unescape(line) for line in str(text).replace("<br />", "<br>").split("<br>")]


@functools.lru_cache(maxsize=4096)
def _f(value):
    """A coordinate or size, short: 2 decimals at most (a hundredth of a percent or pixel)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _dash(dash, width):
    # plotly's own dash lengths (Drawing.dashStyle), scaled by the line's width
    unit = max(width, 3)
    pattern = {"dot": (unit, unit), "dash": (3 * unit, 3 * unit), "dashdot": (3 * unit, unit, unit, unit)}
    pattern |= {"longdash": (5 * unit, 5 * unit)}
    return " ".join(_f(n) for n in pattern[dash]) if dash in pattern else ""


def _number_format(tickformat, step, separators):
    decimal = separators[0] if separators else "."
    sign = tickformat.startswith("+")
    spec = tickformat.lstrip("+")
    if spec == "d":
        places = 0
    elif spec.startswith(".") and spec.endswith("f") and spec[1:-1].isdigit():
        places = int(spec[1:-1])
    else:  # plotly's automatic format: as many decimals as the tick step needs
        places = 0
        while places < 6 and abs(step * 10**places - round(step * 10**places)) > 1e-6:
            places += 1

    def fmt(value):
        text = f"{value:{'+' if sign else ''}.{places}f}"
        if text.startswith("-") and text.strip("-0.") == "":
            text = text[1:]  # plotly never writes -0
        return text.replace("-", "−").replace(".", decimal)

    return fmt


def _nice_step(span, count):
    rough = span / max(count, 1)
    base = 10 ** math.floor(math.log10(rough)) if rough > 0 else 1
    for factor in (1, 2, 5, 10):
        if base * factor >= rough:
            return base * factor
    return base * 10


def _ticks(low, high, step):
    value = math.ceil(low / step - 1e-9) * step
    ticks = []
    while value <= high + 1e-9 * max(1, abs(high)) and len(ticks) < 200:
        ticks.append(round(value, 9))
        value += step
    return ticks


def _per_point(value, i, default):
    if isinstance(value, list | tuple):
        item = value[i] if i < len(value) else None
        return default if item is None else item
    return default if value is None else value


def _text_width(text, size):
    return max((len(line) for line in _lines(text)), default=0) * size * CHAR_PX


class _Axis:
    """One axis: maps a data value (number or category) to a percent of the plot area."""

    def __init__(self, spec, letter, categories, values, *, bar_values=(), plot_px=ASSUMED_PLOT_PX):
        self.spec, self.letter = spec, letter
        self.categories = categories
        self.index = {c: i for i, c in enumerate(categories)}
        self.is_category = spec.get("type") == "category" or bool(categories)
        if spec.get("range"):
            low, high = spec["range"]
        elif self.is_category:
            low, high = -0.5, max(len(categories), 1) - 0.5
        else:
            low, high = self._auto(values, bar_values)
        if spec.get("autorange") == "reversed":
            low, high = high, low
        self.low, self.high = low, high
        self.visible = spec.get("visible", True)
        self.plot_px = plot_px
        # pos(v) = scale · v + shift: percent from the left (x) or the top (y)
        span = (high - low) or 1
        self.scale = (100 if letter == "x" else -100) / span
        self.shift = -low * self.scale + (0 if letter == "x" else 100)

    def _auto(self, values, bar_values):
        numbers = [v for v in values if isinstance(v, int | float)]
        bars = [v for v in bar_values if isinstance(v, int | float)]
        numbers += bars
        if bars or self.spec.get("rangemode") == "tozero":
            numbers += [0]
        if not numbers:
            return -1, 6  # plotly's empty axis
        low, high = min(numbers), max(numbers)
        if low == high:
            return low - 1, high + 1
        pad = (high - low) * 0.05
        # bars grow from zero: plotly pads only their far end
        low = low if bars and low == 0 else low - pad
        high = high if bars and high == 0 else high + pad
        return low, high

    def value(self, v):
        return self.index.get(v) if v.__class__ is str else v

    def pos(self, v):
        """Percent from the left (x) or from the top (y) of the plot area."""
        if v.__class__ is str:
            v = self.index.get(v)
            if v is None:
                return None
        return self.scale * v + self.shift

    def ticks(self, separators):
        """(position %, label) for each tick inside the range."""
        low, high = min(self.low, self.high), max(self.low, self.high)
        if self.is_category:
            return [(self.pos(i), c) for i, c in enumerate(self.categories) if low <= i <= high]
        step = self.spec.get("dtick")
        if not step:
            count = max(4, min(9, self.plot_px / (80 if self.letter == "x" else 40)))
            step = _nice_step(high - low, count)
        fmt = _number_format(self.spec.get("tickformat", ""), step, separators)
        return [(self.pos(t), fmt(t)) for t in _ticks(low, high, step)]

    def label_px(self, separators):
        """The widest tick label, in px (the room an automargin axis takes)."""
        if not self.visible or not self.spec.get("showticklabels", True):
            return 0
        return max((_text_width(label, FONT_SIZE) for _pos, label in self.ticks(separators)), default=0)


def _xy(x, y, ax, ay):
    """An SVG point: x and y in percent of the plot area (``None`` if off the axes)."""
    px, py = ax.pos(x), ay.pos(y)
    return None if px is None or py is None else (px, py)


def _text(x, y, text, *, size=FONT_SIZE, colour=INK, anchor="middle", valign="middle", dx=0, dy=0):
    """A text at (x %, y %) of the plot area, shifted by (dx, dy) px; multi-line per ``<br>``."""
    lines = _lines(text)
    step = size * 1.3
    # the first line's baseline, from the anchor point: cap height ~0.7 of the size
    if valign == "top":
        first = size * 0.8
    elif valign == "bottom":
        first = -size * 0.25 - step * (len(lines) - 1)
    else:
        first = size * 0.35 - step * (len(lines) - 1) / 2
    out = []
    for n, line in enumerate(lines):
        if not line:
            continue
        out.append(
            f'<text x="{_f(x)}%" y="{_f(y)}%" dx="{_f(dx)}" dy="{_f(dy + first + n * step)}" font-size="{_f(size)}"'
            + (f' text-anchor="{anchor}"' if anchor != "start" else "")
            + f' fill="{colour}">{html.escape(line)}</text>'
        )
    return "".join(out)


def _marker(x, y, symbol, size, colour, line_colour, line_width):
    """A marker at (x %, y %): a nested SVG placed by percent holds the shape drawn around 0,0."""
    symbol = symbol or "circle"
    is_open = symbol.endswith("-open")
    shape = symbol.removesuffix("-open")
    r = size / 2
    if is_open:
        paint = f'fill="none" stroke="{colour}" stroke-width="{_f(line_width or 1)}"'
    else:
        paint = f'fill="{colour}"' + (
            f' stroke="{line_colour}" stroke-width="{_f(line_width)}"' if line_width and line_colour else ""
        )
    if shape == "diamond":
        d = r * 1.3
        body = f'<path d="M0,{_f(-d)}L{_f(d)},0L0,{_f(d)}L{_f(-d)},0Z" {paint}/>'
    elif shape == "square":
        body = f'<rect x="{_f(-r)}" y="{_f(-r)}" width="{_f(size)}" height="{_f(size)}" {paint}/>'
    elif shape == "x":
        d = r * 0.8
        body = (
            f'<path d="M{_f(-d)},{_f(-d)}L{_f(d)},{_f(d)}M{_f(-d)},{_f(d)}L{_f(d)},{_f(-d)}" '
            f'stroke="{colour}" stroke-width="{_f(max(2, size / 4))}"/>'
        )
    else:
        body = f'<circle r="{_f(r)}" {paint}/>'
    return f'<svg x="{_f(x)}%" y="{_f(y)}%" overflow="visible">{body}</svg>'


def _line(a, b, colour, width, dash=""):
    return (
        f'<line x1="{_f(a[0])}%" y1="{_f(a[1])}%" x2="{_f(b[0])}%" y2="{_f(b[1])}%" stroke="{colour}" '
        f'stroke-width="{_f(width)}"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
    )


def _rect(x0, y0, x1, y1, fill, *, opacity=1, stroke="", stroke_width=0):
    attrs = (
        f'<rect x="{_f(min(x0, x1))}%" y="{_f(min(y0, y1))}%" width="{_f(abs(x1 - x0))}%" '
        f'height="{_f(abs(y1 - y0))}%" fill="{fill}"'
    )
    if opacity != 1:
        attrs += f' opacity="{_f(opacity)}"'
    if stroke and stroke_width:
        attrs += f' stroke="{stroke}" stroke-width="{_f(stroke_width)}"'
    return attrs + "/>"


def _categories(traces, key):
    seen = {}
    for trace in traces:
        for value in trace.get(key) or ():
            if isinstance(value, str) and value not in seen:
                seen[value] = True
    return list(seen)


def _hatch(colour, defs, key):
    """A fill of diagonal stripes in ``colour`` (plotly's ``marker.pattern.shape`` "/"), defined once per SVG."""
    if colour not in defs:
        ident = f"{key}-hatch-{len(defs)}"
        defs[colour] = (
            ident,
            f'<pattern id="{ident}" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="3" height="8" fill="{colour}"/></pattern>',
        )
    return f"url(#{defs[colour][0]})"


def _bars(bars, layout, ax, ay, defs, key):
    """Each bar trace's rectangles and texts; horizontal bars grow along x, vertical along y."""
    parts, texts = [], []
    mode = layout.get("barmode", "group")
    gap = layout.get("bargap", 0.2)
    slot = 1 - gap
    stacks = {}  # (orientation, category) → (positive end, negative end)
    groups = len(bars) if mode == "group" else 1  # plotly gives every bar trace its slot, even a legend-only one
    for number, trace in enumerate(bars):
        horizontal = trace.get("orientation") == "h"
        values = trace.get("x" if horizontal else "y") or []
        places = trace.get("y" if horizontal else "x") or []
        value_axis, place_axis = (ax, ay) if horizontal else (ay, ax)
        marker = trace.get("marker", {})
        line = marker.get("line", {})
        colours, widths, texts_in = marker.get("color"), trace.get("width"), trace.get("text")
        patterns = marker.get("pattern", {}).get("shape")
        stroke, line_widths = line.get("color", ""), line.get("width")
        offset = -slot / 2 + slot / groups * (number + 0.5) if groups > 1 else 0
        low, high = sorted((value_axis.low, value_axis.high))
        for i, (value, place) in enumerate(zip(values, places, strict=False)):
            centre = place_axis.value(place)
            if value is None or centre is None:
                continue
            width = _per_point(widths, i, None)
            if width is None:
                width = slot / groups
                centre += offset
            base = 0
            if mode == "stack":
                up, down = stacks.get((horizontal, centre), (0, 0))
                base = up if value >= 0 else down
                stacks[(horizontal, centre)] = (up + value, down) if value >= 0 else (up, down + value)
            # clipped to the axis range, as plotly clips bars to the plot area
            start = value_axis.pos(min(max(base, low), high))
            end = value_axis.pos(min(max(base + value, low), high))
            side0, side1 = place_axis.pos(centre - width / 2), place_axis.pos(centre + width / 2)
            colour = _per_point(colours, i, DEFAULT_BAR_COLOUR)
            if value:  # a bar of no length is not drawn (plotly's shows nothing either); its text is
                fill = _hatch(colour, defs, key) if patterns and _per_point(patterns, i, "") else colour
                stroke_width = _per_point(line_widths, i, 0)
                if horizontal:
                    parts.append(_rect(start, side0, end, side1, fill, stroke=stroke, stroke_width=stroke_width))
                else:
                    parts.append(_rect(side0, start, side1, end, fill, stroke=stroke, stroke_width=stroke_width))
            text = _per_point(texts_in, i, "") if texts_in else ""
            if text and trace.get("textposition", "auto") != "none":
                texts.append(_bar_text(trace, i, text, horizontal, start, end, (side0 + side1) / 2, colour))
    return parts, texts


def _bar_text(trace, i, text, horizontal, start, end, middle, colour):
    font = trace.get("textfont", {})
    size = font.get("size", FONT_SIZE)
    position = trace.get("textposition", "auto")
    forward = end >= start if horizontal else end <= start
    if position == "auto" and horizontal:
        # inside at the bar's end when the text fits (on an assumed plot width), else outside
        fits = abs(end - start) / 100 * ASSUMED_PLOT_PX > _text_width(text, size) + 8
        position = "inside" if fits else "outside"
    inside = position == "inside" or (position == "auto" and not horizontal)
    ink = font.get("color", _contrast(colour) if inside else INK)
    if horizontal:
        shift = (-4 if inside else 4) * (1 if forward else -1)
        anchor = ("end" if inside else "start") if forward else ("start" if inside else "end")
        return _text(end, middle, text, size=size, colour=ink, anchor=anchor, dx=shift)
    shift = (4 if inside else -4) * (1 if forward else -1)
    valign = ("top" if inside else "bottom") if forward else ("bottom" if inside else "top")
    return _text(middle, end, text, size=size, colour=ink, valign=valign, dy=shift)


def _contrast(colour):
    """White on a dark bar, ink on a light one (plotly's inside text)."""
    if isinstance(colour, str) and colour.startswith("#") and len(colour) == 7:
        r, g, b = (int(colour[k : k + 2], 16) for k in (1, 3, 5))
        return "#fff" if 0.299 * r + 0.587 * g + 0.114 * b < 150 else INK
    return INK


def _scatter(trace, ax, ay):
    parts, texts = [], []
    mode = trace.get("mode", "lines+markers")
    line, marker = trace.get("line", {}), trace.get("marker", {})
    colour = line.get("color") or (marker.get("color") if isinstance(marker.get("color"), str) else None) or "#1f77b4"
    points = [
        (_xy(x, y, ax, ay), i)
        for i, (x, y) in enumerate(zip(trace.get("x") or [], trace.get("y") or [], strict=False))
        if x is not None and y is not None
    ]
    points = [(p, i) for p, i in points if p is not None]
    if "lines" in mode:
        width = line.get("width", 2)
        dash = _dash(line.get("dash"), width)
        previous = None
        for point, i in points:
            if previous is not None and (i == previous[1] + 1 or trace.get("connectgaps")):
                a = previous[0]
                if line.get("shape") == "hv":
                    corner = (point[0], a[1])
                    parts.append(_line(a, corner, colour, width, dash))
                    parts.append(_line(corner, point, colour, width, dash))
                else:
                    parts.append(_line(a, point, colour, width, dash))
            previous = (point, i)
    marker_size = marker.get("size", 6)
    if "markers" in mode and marker.get("opacity", 1) > 0:
        marker_line = marker.get("line", {})
        for point, i in points:
            parts.append(
                _marker(
                    *point,
                    _per_point(marker.get("symbol"), i, "circle"),
                    _per_point(marker_size, i, 6),
                    _per_point(marker.get("color"), i, colour),
                    marker_line.get("color"),
                    marker_line.get("width", 0),
                )
            )
    if "text" in mode:
        font = trace.get("textfont", {})
        size = font.get("size", FONT_SIZE)
        for point, i in points:
            text = _per_point(trace.get("text"), i, "")
            if not text:
                continue
            position = _per_point(trace.get("textposition"), i, "middle center")
            offset = (_per_point(marker_size, i, 6) / 2 + 2) if "markers" in mode else 0
            vertical, _sep, horizontal = position.partition(" ")
            valign = {"top": "bottom", "bottom": "top"}.get(vertical, "middle")
            dy = {"top": -offset, "bottom": offset}.get(vertical, 0)
            anchor = {"left": "end", "right": "start"}.get(horizontal, "middle")
            dx = {"left": -offset, "right": offset}.get(horizontal, 0)
            colour_text = font.get("color", INK)
            texts.append(_text(*point, text, size=size, colour=colour_text, anchor=anchor, valign=valign, dx=dx, dy=dy))
    return parts, texts


def _shape(shape, ax, ay):
    def at(axis, ref, value):
        return (value * 100 if axis.letter == "x" else (1 - value) * 100) if ref == "paper" else axis.pos(value)

    x0, x1 = at(ax, shape.get("xref", "x"), shape["x0"]), at(ax, shape.get("xref", "x"), shape["x1"])
    y0, y1 = at(ay, shape.get("yref", "y"), shape["y0"]), at(ay, shape.get("yref", "y"), shape["y1"])
    if None in (x0, x1, y0, y1):
        return ""
    line = shape.get("line", {})
    width = line.get("width", 2)
    opacity = shape.get("opacity", 1)
    if shape.get("type") == "rect":
        return _rect(
            x0, y0, x1, y1, shape.get("fillcolor", "rgba(0,0,0,0)"), opacity=opacity, stroke=line.get("color", ""),
            stroke_width=width if line.get("color") else 0,
        )  # fmt: skip
    if shape.get("type") == "line":
        out = _line((x0, y0), (x1, y1), line.get("color", INK), width, _dash(line.get("dash"), width))
        return out if opacity == 1 else out.replace("/>", f' opacity="{_f(opacity)}"/>')
    return ""


def _annotation(note, ax, ay):
    def at(axis, ref, value):
        return (value * 100 if axis.letter == "x" else (1 - value) * 100) if ref == "paper" else axis.pos(value)

    x, y = at(ax, note.get("xref", "x"), note.get("x", 0)), at(ay, note.get("yref", "y"), note.get("y", 0))
    if x is None or y is None:
        return ""
    font = note.get("font", {})
    lines = _lines(note.get("text", ""))
    xanchor = note.get("xanchor", "auto")
    anchor = {"left": "start", "right": "end"}.get(xanchor, "middle")
    dx = note.get("xshift", 0)
    if anchor == "start" and len(lines) > 1 and note.get("align", "center") != "left":
        anchor = "start"
    return _text(
        x,
        y,
        note.get("text", ""),
        size=font.get("size", FONT_SIZE),
        colour=font.get("color", INK),
        anchor=anchor,
        valign={"top": "top", "bottom": "bottom"}.get(note.get("yanchor"), "middle"),
        dx=dx,
        dy=-note.get("yshift", 0),
    )


def _legend(data, layout):
    """The legend as HTML: one entry per trace shown in it (plotly shows a legend for 2+ such traces),
    in reverse for stacked bars (plotly's order: the legend reads like the stack)."""
    entries = [t for t in data if t.get("showlegend", True) and t.get("name") is not None]
    if len(entries) < 2 or layout.get("showlegend") is False:
        return ""
    if layout.get("barmode") == "stack":
        entries.reverse()
    items = []
    for trace in entries:
        marker, line = trace.get("marker", {}), trace.get("line", {})
        if trace.get("type") == "bar":
            colour = _per_point(marker.get("color"), 0, DEFAULT_BAR_COLOUR)
            edge = marker.get("line", {})
            stroke = f' stroke="{edge["color"]}" stroke-width="1"' if edge.get("color") else ""
            swatch = f'<rect x="7" y="0" width="16" height="10" fill="{colour}"{stroke}/>'
        else:
            mode = trace.get("mode", "lines")
            colour = line.get("color") or (marker.get("color") if isinstance(marker.get("color"), str) else "#1f77b4")
            swatch = ""
            if "lines" in mode:
                width = min(line.get("width", 2), 3)
                swatch += _line((0, 50), (100, 50), colour, width, _dash(line.get("dash"), width)).replace("%", "%")
            if "markers" in mode:
                symbol = marker.get("symbol") if isinstance(marker.get("symbol"), str) else "circle"
                swatch += _marker(50, 50, symbol, 8, marker.get("color", colour) if not isinstance(
                    marker.get("color"), list) else colour, None, 0)  # fmt: skip
        items.append(
            f'<span><svg width="30" height="10" overflow="visible">{swatch}</svg>'
            f"{html.escape(' '.join(_lines(trace['name'])))}</span>"
        )
    return "".join(items)


def figure_svg(figure, *, key="chart"):
    """The figure as static SVG in a box of the figure's height (safe HTML; the chart's container
    carries its accessible name). ``key``: unique on the page (the chart's id), for the SVG's own ids."""
    data, layout = figure.get("data", []), figure.get("layout", {})
    height = layout.get("height", 450)
    separators = layout.get("separators", ".,")
    margin = {"l": 80, "r": 80, "t": 100, "b": 80, **layout.get("margin", {})}
    xspec, yspec = layout.get("xaxis", {}), layout.get("yaxis", {})
    bars = [t for t in data if t.get("type") == "bar"]
    scatters = [t for t in data if t.get("type") == "scatter"]

    def values(key, of=data):
        return [v for t in of for v in (t.get(key) or ())]

    def bar_values(letter):
        found = []
        for t in bars:
            if (t.get("orientation") == "h") == (letter == "x"):
                found += t.get(letter) or ()
        if layout.get("barmode") == "stack":
            totals = {}
            for t in bars:
                horizontal = t.get("orientation") == "h"
                if horizontal != (letter == "x"):
                    continue
                for v, c in zip(t.get(letter) or (), t.get("y" if horizontal else "x") or (), strict=False):
                    if v is not None:
                        totals[c] = totals.get(c, 0) + v
            found += list(totals.values())
        return found

    legend = _legend(data, layout)
    plot_h = height - margin["t"] - margin["b"] - (LEGEND_PX if legend else 0)
    legend_gap = 0
    if legend and 0.15 * plot_h > margin["b"]:
        # plotly's legend sits 0.15 of the plot's height below it (layout.legend.y), the margin grown to fit
        plot_h = (height - margin["t"] - LEGEND_PX) / 1.15
        legend_gap = 0.15 * plot_h - margin["b"]
    ax = _Axis(xspec, "x", _categories(data, "x"), values("x"), bar_values=bar_values("x"))
    ay = _Axis(yspec, "y", _categories(data, "y"), values("y"), bar_values=bar_values("y"), plot_px=plot_h)
    # An automargin axis pushes the plot in by its tick labels (plotly's automargin), a title by its line.
    left = margin["l"]
    if yspec.get("automargin") and ay.visible:
        left += ay.label_px(separators) + 4 + (18 if yspec.get("title") else 0)
    bottom = margin["b"]
    if xspec.get("automargin") and xspec.get("title"):
        bottom += 18

    grid, below, above, marks, texts = [], [], [], [], []
    for axis, spec in ((ax, xspec), (ay, yspec)):
        if not axis.visible:
            continue
        show_labels = spec.get("showticklabels", True)
        for pos, tick in axis.ticks(separators):
            if axis.letter == "x":
                if spec.get("showgrid", not axis.is_category):
                    grid.append(_line((pos, 0), (pos, 100), GRID, 1))
                # plotly hides an end label that would stick out of the figure
                half = _text_width(tick, FONT_SIZE) / 2
                if show_labels and not (pos < 0.01 and half > left) and not (pos > 99.99 and half > margin["r"]):
                    grid.append(_text(pos, 100, tick, valign="top", dy=4))
            else:
                if spec.get("showgrid", not axis.is_category):
                    grid.append(_line((0, pos), (100, pos), GRID, 1))
                if show_labels:
                    grid.append(_text(0, pos, tick, anchor="end", dx=-4))
        title = (spec.get("title") or {}).get("text")
        if title and axis.letter == "x":
            grid.append(_text(50, 100, title, size=TITLE_SIZE, valign="top", dy=22))
        elif title:
            # rotated: a nested SVG at the plot's left edge, middle height, turned a quarter
            grid.append(
                f'<svg x="0" y="50%" overflow="visible"><text transform="translate({_f(-axis.label_px(separators) - 12)},0) '
                f'rotate(-90)" text-anchor="middle" font-size="{TITLE_SIZE}" fill="{INK}">{html.escape(title)}</text></svg>'
            )
        if not axis.is_category and spec.get("zeroline", True):
            low, high = sorted((axis.low, axis.high))
            if low <= 0 <= high:
                width = spec.get("zerolinewidth", 1)
                end = (
                    ((axis.pos(0), 0), (axis.pos(0), 100))
                    if axis.letter == "x"
                    else ((0, axis.pos(0)), (100, axis.pos(0)))
                )
                grid.append(_line(*end, ZERO, width))
    for shape in layout.get("shapes", []):
        (below if shape.get("layer") == "below" else above).append(_shape(shape, ax, ay))
    defs = {}
    bar_parts, bar_texts = _bars(bars, layout, ax, ay, defs, html.escape(key))
    marks += bar_parts
    texts += bar_texts
    for trace in scatters:
        parts, labels = _scatter(trace, ax, ay)
        marks += parts
        texts += labels
    notes = [_annotation(note, ax, ay) for note in layout.get("annotations", [])]
    # Every text went through html.escape(); the rest are numbers and colours from the figure.
    return mark_safe(
        f'<div class="chart-static" aria-hidden="true" style="height:{_f(height)}px">'
        f'<div class="chart-plot" style="padding:{_f(margin["t"])}px {_f(margin["r"])}px {_f(bottom)}px {_f(left)}px">'
        f'<svg width="100%" height="100%" overflow="visible" font-family="system-ui, sans-serif" '
        f'xmlns="http://www.w3.org/2000/svg">'
        + ("<defs>" + "".join(d for _id, d in defs.values()) + "</defs>" if defs else "")
        + "".join(below + grid + marks + above + texts + notes)
        + "</svg></div>"
        # the legend starts at the plot's left edge (layout.legend.x 0)
        + (
            f'<div class="chart-legend" style="margin-top:{_f(legend_gap)}px;padding-left:{_f(left)}px">{legend}</div>'
            if legend
            else ""
        )
        + "</div>"
    )
