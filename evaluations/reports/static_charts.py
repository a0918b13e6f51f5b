"""A figure from ``charts.py`` as a small static SVG, for print: the governor's brief prints its charts
without plotly.js (a brief opened only to print never boots it).

Draws the subset of plotly's figure format that the brief's figures use, from the same figure dict
the page sends to plotly.js: bar (horizontal) and scatter traces (lines, markers, text, gaps, dashes,
``hv`` steps), rectangle and line shapes, annotations, numeric axes with ``range``/``dtick``/``tickformat``
and a horizontal legend. Anything else in a figure is ignored, not guessed at: the table beside each
chart carries the numbers.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 680  # the viewBox width; the SVG scales to its container (the brief's column)
TICK_FONT = 11
LEGEND_ROW = 18
DASHES = {"dash": "6 4", "dot": "2 3", "dashdot": "6 3 2 3"}


def _number(value, tickformat, separators):
    decimal = (separators or ".,")[0]
    if tickformat == "d":
        return f"{round(value)}"
    places = int(tickformat[1:-1]) if tickformat and tickformat.startswith(".") and tickformat.endswith("f") else 2
    return f"{value:.{places}f}".replace(".", decimal)


def _ticks(low, high, step):
    first = -(-low // step) * step  # the first multiple of step at or above low
    ticks, value = [], first
    while value <= high + 1e-9:
        ticks.append(round(value, 9))
        value += step
    return ticks


def _data_range(traces, key):
    values = [v for t in traces for v in (t.get(key) or []) if isinstance(v, int | float)]
    return (min(values), max(values)) if values else (0, 1)


def _text(x, y, text, *, size=TICK_FONT, anchor="middle", baseline="auto", color="#1d2733"):
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'dominant-baseline="{baseline}" fill="{color}">{escape(text)}</text>'
    )


def _marker(x, y, symbol, size, color):
    r = size / 2
    if symbol == "diamond":
        return (
            f'<path d="M{x:.1f},{y - r * 1.3:.1f} L{x + r * 1.3:.1f},{y:.1f} L{x:.1f},{y + r * 1.3:.1f} '
            f'L{x - r * 1.3:.1f},{y:.1f} Z" fill="{color}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{color}"/>'


def _per_point(value, i, default):
    if isinstance(value, list):
        return value[i] if i < len(value) else default
    return default if value is None else value


def figure_svg(figure, *, label=""):
    """The figure as an ``<svg>`` element (safe HTML); ``label`` is its accessible name."""
    data, layout = figure.get("data", []), figure.get("layout", {})
    height = layout.get("height", 260)
    separators = layout.get("separators", ",.")
    margin = {"l": 10, "r": 10, "t": 20, "b": 30, **layout.get("margin", {})}
    xaxis, yaxis = layout.get("xaxis", {}), layout.get("yaxis", {})
    legend = [t for t in data if t.get("showlegend", True) and t.get("name") and t.get("type") == "scatter"]
    y_visible = yaxis.get("visible", True)
    left = margin["l"] + (34 if y_visible else 0)
    bottom = margin["b"] + (LEGEND_ROW if legend else 0)
    top, right = margin["t"], WIDTH - margin["r"]
    plot_bottom = height - bottom
    bars = [t for t in data if t.get("type") == "bar"]
    categories = [c for t in bars for c in t.get("y", [])]

    x0, x1 = xaxis.get("range") or _data_range(data, "x")
    y0, y1 = yaxis.get("range") or _data_range(data, "y")
    if yaxis.get("autorange") == "reversed":
        y0, y1 = y1, y0

    def px(value, ref="x"):
        if ref == "paper":
            return left + value * (right - left)
        return left + (value - x0) / ((x1 - x0) or 1) * (right - left)

    def py(value, ref="y"):
        if ref == "paper":
            return plot_bottom - value * (plot_bottom - top)
        if isinstance(value, str):
            value = categories.index(value) if value in categories else 0
        return plot_bottom - (value - y0) / ((y1 - y0) or 1) * (plot_bottom - top)

    parts = []
    shapes = layout.get("shapes", [])

    def draw_shapes(below):
        for shape in shapes:
            if (shape.get("layer") == "below") != below:
                continue
            ax, ay = px(shape["x0"], shape.get("xref", "x")), py(shape["y0"], shape.get("yref", "y"))
            bx, by = px(shape["x1"], shape.get("xref", "x")), py(shape["y1"], shape.get("yref", "y"))
            line = shape.get("line", {})
            opacity = shape.get("opacity", 1)
            if shape.get("type") == "rect":
                parts.append(
                    f'<rect x="{min(ax, bx):.1f}" y="{min(ay, by):.1f}" width="{abs(bx - ax):.1f}" '
                    f'height="{abs(by - ay):.1f}" fill="{shape.get("fillcolor", "#ccc")}" opacity="{opacity}"/>'
                )
            elif shape.get("type") == "line":
                dash = DASHES.get(line.get("dash"), "")
                parts.append(
                    f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{bx:.1f}" y2="{by:.1f}" '
                    f'stroke="{line.get("color", "#1d2733")}" stroke-width="{line.get("width", 1)}"'
                    + (f' stroke-dasharray="{dash}"' if dash else "")
                    + f' opacity="{opacity}"/>'
                )

    draw_shapes(below=True)
    tickformat_x, tickformat_y = xaxis.get("tickformat", ""), yaxis.get("tickformat", "")
    if y_visible and yaxis.get("dtick"):
        for tick in _ticks(min(y0, y1), max(y0, y1), yaxis["dtick"]):
            y = py(tick)
            parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#e3e7ec"/>')
            parts.append(_text(left - 4, y, _number(tick, tickformat_y, separators), anchor="end", baseline="middle"))
    if xaxis.get("visible", True):
        step = xaxis.get("dtick") or (x1 - x0) / 5
        for tick in _ticks(min(x0, x1), max(x0, x1), step):
            parts.append(_text(px(tick), plot_bottom + 14, _number(tick, tickformat_x, separators)))
    draw_shapes(below=False)

    for trace in bars:
        color = trace.get("marker", {}).get("color", "#1d2733")
        for i, (value, category) in enumerate(zip(trace.get("x", []), trace.get("y", []), strict=False)):
            if value is None:
                continue
            width = _per_point(trace.get("width"), i, 0.8)
            centre = py(category)
            half = abs(py(0) - py(width)) / 2
            start, end = px(max(x0, 0)), px(value)
            parts.append(
                f'<rect x="{min(start, end):.1f}" y="{centre - half:.1f}" width="{abs(end - start):.1f}" '
                f'height="{2 * half:.1f}" fill="{color}"/>'
            )
            text = _per_point(trace.get("text"), i, "")
            if text:
                parts.append(_text(end + 4, centre, text, size=13, anchor="start", baseline="middle"))

    for trace in (t for t in data if t.get("type") == "scatter"):
        mode = trace.get("mode", "lines+markers")
        line, marker = trace.get("line", {}), trace.get("marker", {})
        color = line.get("color") or marker.get("color", "#0b5394")
        points = [
            (px(x), py(y), i)
            for i, (x, y) in enumerate(zip(trace.get("x", []), trace.get("y", []), strict=False))
            if x is not None and y is not None
        ]
        if "lines" in mode:
            segments, current, previous = [], [], None
            for x, y, i in points:
                if previous is not None and i != previous + 1 and not trace.get("connectgaps"):
                    segments.append(current)
                    current = []
                current.append((x, y))
                previous = i
            segments.append(current)
            dash = DASHES.get(line.get("dash"), "")
            for segment in (s for s in segments if len(s) > 1):
                path = f"M{segment[0][0]:.1f},{segment[0][1]:.1f}"
                for bx, by in segment[1:]:
                    path += f" H{bx:.1f} V{by:.1f}" if line.get("shape") == "hv" else f" L{bx:.1f},{by:.1f}"
                parts.append(
                    f'<path d="{path}" fill="none" stroke="{color}" stroke-width="{line.get("width", 2)}"'
                    + (f' stroke-dasharray="{dash}"' if dash else "")
                    + "/>"
                )
        for x, y, i in points:
            if "markers" in mode:
                size = _per_point(marker.get("size"), i, 6)
                symbol = _per_point(marker.get("symbol"), i, "circle")
                parts.append(_marker(x, y, symbol, size, marker.get("color", color)))
            text = _per_point(trace.get("text"), i, "") if "text" in mode else ""
            if text:
                parts.append(_text(x, y - 9, text, size=11, baseline="auto", color=color))

    for note in layout.get("annotations", []):
        x = px(note["x"], note.get("xref", "x")) + note.get("xshift", 0)
        y = py(note["y"], note.get("yref", "y")) - note.get("yshift", 0)
        anchor = {"left": "start", "right": "end"}.get(note.get("xanchor"), "middle")
        baseline = {"bottom": "auto", "top": "hanging"}.get(note.get("yanchor"), "middle")
        font = note.get("font", {})
        parts.append(
            _text(
                x,
                y,
                note.get("text", ""),
                size=font.get("size", 11),
                anchor=anchor,
                baseline=baseline,
                color=font.get("color", "#1d2733"),
            )
        )

    x = left
    for trace in legend:
        line, marker = trace.get("line", {}), trace.get("marker", {})
        color = line.get("color") or marker.get("color", "#0b5394")
        y = height - 9
        mode = trace.get("mode", "lines")
        if "lines" in mode:
            dash = DASHES.get(line.get("dash"), "")
            parts.append(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + 24:.1f}" y2="{y:.1f}" stroke="{color}" stroke-width="2"'
                + (f' stroke-dasharray="{dash}"' if dash else "")
                + "/>"
            )
        if "markers" in mode:
            symbol = marker.get("symbol") if isinstance(marker.get("symbol"), str) else "circle"
            parts.append(_marker(x + 12, y, symbol, 8, marker.get("color", color)))
        parts.append(_text(x + 30, y, trace["name"], anchor="start", baseline="middle"))
        x += 40 + 7 * len(trace["name"])

    # Every text above went through escape(); the rest are numbers and colours from the figure.
    return mark_safe(
        f'<svg class="chart-static" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif">' + "".join(parts) + "</svg>"
    )
