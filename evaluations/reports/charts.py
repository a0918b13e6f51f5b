"""Plotly figures for the dashboard and reports, built in Python and handed to templates as data.

Every function takes plain values (Decimal, str, small dataclasses from the report builders) and
returns a figure dict ready for ``|json_script``; ``static/js/portal.js`` draws them all with
the vendored plotly.js bundle (``make vendor``), so only bar and scatter traces appear here (a bullet
chart is a horizontal bar over band-coloured shapes). Figures are responsive (no fixed width),
use the active language's separators (``2,69`` in Indonesian) and take their colours from the
framework's predicate bands. Labels go through ``gettext`` because figures are built per request
in the user's language.

Plotly renders a subset of HTML in every text it draws (tick and category labels, ``text``,
``name``, hover, annotations): ``<a href>`` becomes a link, ``<b>`` bold. A name from the data
(a unit, indicator, aspect, band, framework) is therefore passed through ``plain`` where it
enters a figure, so it shows as typed; only the builders' own ``<br>`` are markup.
"""

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _

from evaluations.reference_data import AMBITION_LOWER, AMBITION_UPPER, SANGAT_BAIK
from indicators import scoring

FONT = {"family": 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif', "size": 13}
INK = "#1d2733"
MUTED = "#5b6878"
TARGET_COLOUR = "#6a1b9a"
NATIONAL_COLOUR = "#5b6878"
PROVINCE_COLOUR = "#0b5394"
SERIES_COLOURS = {
    "proposed": "#e67e22",
    "verified": "#0b5394",
    "dokumen": "#8e9aaf",
    "interviu": "#6c7a89",
    "visitasi": "#4a5568",
    "final": "#1e7b34",
}
STATUS_COLOURS = {
    "not_started": "#c9d1db",
    "draft": "#f1c40f",
    "returned": "#b00020",
    "submitted": "#5dade2",
    "verified": "#1e7b34",
}


def plain(text):
    """``text`` as plain text inside a figure: plotly's markup characters escaped (it shows
    ``&lt;`` as ``<``), so a name holding ``<a href=…>`` is displayed, never made a link."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def num(value, places=2):
    """A number in the active language's format (``2,69`` in Indonesian); '–' for missing."""
    if value is None:
        return "–"
    # number_format truncates; published figures are rounded half up (2,695 → 2,70).
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=places)


def index_num(value, bands):
    """An index, domain or aspect value as the pages show it (``scoring.index_places``): "3,495"
    where "3,50" would claim a band the value has not reached; '–' for missing."""
    if value is None:
        return "–"
    return num(value, scoring.index_places(value, bands or ()))


def _float(value):
    return None if value is None else float(value)


def separators():
    """Plotly's ``separators`` (decimal, then thousands) in the active language: ",." in Indonesian
    (2,69), ".," in English, so axes and hover read like the page around them."""
    return get_format("DECIMAL_SEPARATOR") + get_format("THOUSAND_SEPARATOR")


def _layout(**overrides):
    layout = {
        "template": "none",
        "separators": separators(),
        "autosize": True,
        "font": FONT,
        "margin": {"l": 10, "r": 10, "t": 30, "b": 40, "pad": 2},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "legend": {"orientation": "h", "x": 0, "y": -0.15, "yanchor": "top"},
        "hoverlabel": {"namelength": -1},
    }
    layout.update(overrides)
    return layout


# Plotly checks every figure against its schema when this is on: the test suite turns it on
# (tests/conftest.py), so every figure any test builds is validated and must equal, to the byte,
# what production sends without the check. Production skips it: validation costs about 17 ms of
# the national dashboard's ~70 (docs/performance.md).
VALIDATE = False


class _Builder:
    """Collects traces (plain dicts with their plotly ``type``) and the layout of one figure."""

    def __init__(self):
        self.traces = []
        self.layout = {}

    def add_bar(self, **kwargs):
        self.traces.append({"type": "bar", **kwargs})

    def add_scatter(self, **kwargs):
        self.traces.append({"type": "scatter", **kwargs})

    def update_layout(self, layout):
        self.layout.update(layout)

    def data(self):
        # "template": "none" means plotly.js's own defaults: the same as no template at all.
        layout = {key: value for key, value in self.layout.items() if key != "template"}
        return {"data": [_unset_none(trace) for trace in self.traces], "layout": _unset_none(layout)}


def _unset_none(properties):
    """``properties`` without the keys set to ``None`` (plotly reads those as "not set" and drops
    them), down through nested properties and lists of them; ``None`` inside data arrays stays."""
    result = {}
    for key, value in properties.items():
        if value is None:
            continue
        if isinstance(value, dict):
            value = _unset_none(value)
        elif isinstance(value, list | tuple) and value and isinstance(value[0], dict):
            value = [_unset_none(item) for item in value]
        result[key] = value
    return result


def _canonical(data):
    return json.dumps(data, sort_keys=True, allow_nan=False)


def validated(figure_data):
    """``figure_data`` as plotly's validated JSON (raises ValueError on anything plotly rejects)."""
    import plotly.graph_objects as go  # imported when first needed: production never loads it
    import plotly.io as pio

    checked = json.loads(pio.to_json(go.Figure(figure_data), validate=True))
    checked.get("layout", {}).pop("template", None)
    return checked


def to_dict(builder):
    """The figure as plain JSON-ready data for ``|json_script``. With ``VALIDATE`` on, plotly
    validates it and it must serialise exactly as plotly's own JSON of the same figure."""
    data = builder.data()
    if VALIDATE:
        mine = _canonical(data)  # TypeError on a value JSON cannot hold (a Decimal, say)
        theirs = _canonical(validated(data))
        if mine != theirs:
            raise AssertionError(f"figure differs from plotly's validated JSON:\n{mine}\n{theirs}")
    return data


def band_colour(bands, value):
    """The colour of the predicate band that ``value`` falls in (lower bound inclusive)."""
    if value is None:
        return MUTED
    colour = MUTED
    for band in sorted(bands, key=lambda b: b.lower):
        if Decimal(value) >= band.lower:
            colour = band.colour
    return colour


def _axis_range(bands):
    low = min((b.lower for b in bands), default=Decimal("1"))
    uppers = [b.upper for b in bands if b.upper is not None]
    high = max([Decimal("5"), *uppers])
    return [float(min(low, Decimal("1"))), float(high)]


def _band_shapes(bands, *, axis="x", opacity=0.35, span=(0, 1)):
    """A rectangle per predicate band along ``axis`` (x: vertical strips, y: horizontal strips)."""
    top = _axis_range(bands)[1]
    shapes = []
    for band in bands:
        upper = float(band.upper) if band.upper is not None else top
        rect = {
            "type": "rect",
            "layer": "below",
            "line": {"width": 0},
            "fillcolor": band.colour,
            "opacity": opacity,
        }
        if axis == "x":
            rect.update(xref="x", yref="paper", x0=float(band.lower), x1=upper, y0=span[0], y1=span[1])
        else:
            rect.update(yref="y", xref="paper", y0=float(band.lower), y1=upper, x0=span[0], x1=span[1])
        shapes.append(rect)
    return shapes


def _vline(x, colour, *, dash="solid", width=2, y0=0, y1=1):
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": float(x),
        "x1": float(x),
        "y0": y0,
        "y1": y1,
        "line": {"color": colour, "width": width, "dash": dash},
    }


def _hline(y, colour, *, dash="solid", width=2):
    return {
        "type": "line",
        "xref": "paper",
        "yref": "y",
        "x0": 0,
        "x1": 1,
        "y0": float(y),
        "y1": float(y),
        "line": {"color": colour, "width": width, "dash": dash},
    }


def bullet(index, bands, *, target=None, label=None, height=170):
    """The index as a bullet chart: predicate bands behind, a bar for the index, the 3.50
    "Sangat Baik" threshold as a solid line, the period's target as a dashed line, and the
    province's 3.00–3.50 ambition as a dark strip under the bar."""
    label = plain(label or _("Indeks"))
    x_range = _axis_range(bands)
    figure = _Builder()
    if index is not None:
        figure.add_bar(
            x=[_float(index)],
            y=[label],
            orientation="h",
            width=[0.28],
            marker={"color": INK},
            name=label,
            text=[index_num(index, bands)],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
        )
    else:
        figure.add_scatter(x=[None], y=[label], mode="markers", showlegend=False, hoverinfo="skip")
    # Paper heights: bands 0.25–1, the ambition strip 0.05–0.20 below them, the bar centred on the bands.
    shapes = _band_shapes(bands, axis="x", opacity=0.45, span=(0.25, 1))
    shapes.append(
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": float(AMBITION_LOWER),
            "x1": float(AMBITION_UPPER),
            "y0": 0.05,
            "y1": 0.20,
            "fillcolor": TARGET_COLOUR,
            "opacity": 0.55,
            "line": {"width": 0},
        }
    )
    shapes.append(_vline(SANGAT_BAIK, INK, width=3, y0=0, y1=1))
    annotations = [
        {
            "x": float(band.lower) + ((float(band.upper) if band.upper else x_range[1]) - float(band.lower)) / 2,
            "y": 1.0,
            "xref": "x",
            "yref": "paper",
            "yanchor": "bottom",
            "showarrow": False,
            "text": plain(band.name),
            "font": {"size": 11, "color": MUTED},
        }
        for band in bands
    ]
    annotations.append(
        {
            "x": float(SANGAT_BAIK),
            "y": 0.97,
            "xref": "x",
            "yref": "paper",
            "xanchor": "left",
            "yanchor": "top",
            "xshift": 3,
            "showarrow": False,
            "text": _("Sangat Baik %(value)s") % {"value": num(SANGAT_BAIK)},
            "font": {"size": 11, "color": INK},
        }
    )
    annotations.append(
        {
            "x": float(AMBITION_LOWER),
            "y": 0.125,
            "xref": "x",
            "yref": "paper",
            "xanchor": "right",
            "xshift": -4,
            "showarrow": False,
            "text": _("Ambisi provinsi %(low)s–%(high)s") % {"low": num(AMBITION_LOWER), "high": num(AMBITION_UPPER)}
            + " ▸",
            "font": {"size": 11, "color": TARGET_COLOUR},
        }
    )
    if target is not None:
        shapes.append(_vline(target, TARGET_COLOUR, dash="dash", width=2, y0=0.25, y1=1))
        annotations.append(
            {
                "x": float(target),
                "y": 0.27,
                "xref": "x",
                "yref": "paper",
                "xanchor": "right",
                "yanchor": "bottom",
                "xshift": -3,
                "showarrow": False,
                "text": _("Target %(value)s") % {"value": num(target)},
                "font": {"size": 11, "color": TARGET_COLOUR},
            }
        )
    if index is None:
        annotations.append(
            {
                "x": 0.5,
                "y": 0.6,
                "xref": "paper",
                "yref": "paper",
                "showarrow": False,
                "text": _("Belum ada nilai"),
                "font": {"size": 14, "color": MUTED},
            }
        )
    figure.update_layout(
        _layout(
            height=height,
            margin={"l": 10, "r": 10, "t": 22, "b": 30, "pad": 2},
            shapes=shapes,
            annotations=annotations,
            xaxis={"range": x_range, "dtick": 0.5, "tickformat": ".1f", "fixedrange": True, "zeroline": False},
            yaxis={"visible": False, "fixedrange": True, "range": [-0.8, 0.5]},
            bargap=0.5,
        )
    )
    return to_dict(figure)


ILLUSTRATIVE_SYMBOL = "diamond"  # a year whose values are invented (demo data)


def _trend_symbol(point):
    """Shape says illustrative (diamond) or not (circle); hollow says summary-only."""
    shape = ILLUSTRATIVE_SYMBOL if point.illustrative else "circle"
    return f"{shape}-open" if point.source == "summary" else shape


@dataclass(frozen=True)
class TrendSeries:
    """A line on the trend beside the province's: a peer, or another helper's series (an estimate on
    another framework, say). Drawn as its own trace, never joined to the province's line.

    ``points``: ``(year, value)`` or ``(year, value, note)``; ``bands`` give each value its decimals
    (``index_num``); ``dash`` and ``symbol`` are plotly's (``"dot"``, ``"circle-open"``)."""

    name: str
    points: tuple
    colour: str = MUTED
    dash: str = "solid"
    symbol: str = "circle"
    bands: tuple = ()
    hover_note: str = ""


PEER_COLOURS = ("#8e44ad", "#16a085", "#c0392b", "#7f8c8d", "#d35400", "#2c3e50")


SHORT_BODY_PREFIXES = (
    ("Pemerintah Provinsi ", "Prov. "),
    ("Pemerintah Kabupaten ", "Kab. "),
    ("Pemerintah Kota ", "Kota "),
)


def short_body(body):
    """A government's name as a legend has room for it: "Prov. Kalimantan Timur"."""
    for prefix, short in SHORT_BODY_PREFIXES:
        if body.startswith(prefix):
            return short + body[len(prefix) :]
    return body


def peer_series(peers):
    """``series.Peer`` rows as ``TrendSeries`` (short names), each its own colour; a flagged value
    says so on hover."""
    rows = []
    for position, peer in enumerate(peers):
        points = tuple(
            (p.year, p.index, _("ditandai: berbeda dari nilai yang dihitung") if p.flagged else p.note)
            for p in peer.points
        )
        rows.append(
            TrendSeries(
                name=short_body(peer.body),
                points=points,
                colour=PEER_COLOURS[position % len(PEER_COLOURS)],
                dash="dash",
                symbol="square",
            )
        )
    return rows


# Layout numbers the trend's label placement assumes (checked by tests at both widths).
TREND_LABEL_FONT = 11
TREND_WIDTHS = (360, 1366)  # the narrowest phone and a common laptop
TREND_MARGIN = {"l": 10, "r": 10, "t": 30, "b": 40, "pad": 2}
TREND_Y_AXIS_PX = 32  # tick labels "4,5" and the automargin's pad
CHAR_PX = 0.62  # an average glyph's width, in font sizes (system-ui digits and capitals)
MARKER_PX = 10
LABEL_GAP_PX = 6  # the least room between two value labels side by side
LEGEND_LINE_PX = 20
LEGEND_LINES_IN_BASE = 5  # province, illustrative, target, national, Sangat Baik


def text_width(text, size=TREND_LABEL_FONT):
    return len(str(text)) * size * CHAR_PX


def plot_width(width):
    return width - TREND_MARGIN["l"] - TREND_MARGIN["r"] - TREND_Y_AXIS_PX


def _segments(points):
    """Consecutive points of one framework: ``[(framework, [points])]`` in year order."""
    segments = []
    for point in points:
        if segments and segments[-1][0] == point.framework:
            segments[-1][1].append(point)
        else:
            segments.append((point.framework, [point]))
    return segments


def _label_positions(xs, ys, texts, x_range, height, width=TREND_WIDTHS[0]):
    """``textposition`` per point: above, unless the label would touch its left neighbour's at
    ``width`` px (the narrowest screen): then below. Wider screens only add room."""
    # On the narrowest screen the legend's lines below the plot take part of ``height``.
    plot_h = height - TREND_MARGIN["t"] - TREND_MARGIN["b"] - LEGEND_LINE_PX * LEGEND_LINES_IN_BASE
    plot_h = max(plot_h, 60)
    px_per_year = plot_width(width) / max(x_range[1] - x_range[0], 1)
    px_per_unit = plot_h / 4  # the y axis spans 1–5
    positions = []
    previous = None  # (x px, y px, half width, above)
    for x, y, text in zip(xs, ys, texts, strict=True):
        if y is None or not text:
            positions.append("top center")
            previous = None
            continue
        here = ((x - x_range[0]) * px_per_year, y * px_per_unit, text_width(text) / 2)
        above = True
        if previous is not None and previous[3]:
            close_x = abs(here[0] - previous[0]) < here[2] + previous[2] + LABEL_GAP_PX
            close_y = abs(here[1] - previous[1]) < TREND_LABEL_FONT + 4
            above = not (close_x and close_y)
        positions.append("top center" if above else "bottom center")
        previous = (*here, above)
    return positions


def _break_annotation(x, text, x_range, width=TREND_WIDTHS[0]):
    """The change-of-framework label at the top of the dotted line, on the side where it fits."""
    span = x_range[1] - x_range[0]
    px = plot_width(width) * (x - x_range[0]) / span
    half = text_width(text) / 2
    anchor = "center"
    if px - half < 0:
        anchor = "left"
    elif px + half > plot_width(width):
        anchor = "right"
    return {
        "x": x,
        "y": 1,
        "xref": "x",
        "yref": "paper",
        "xanchor": anchor,
        "yanchor": "bottom",
        "showarrow": False,
        "text": text,
        "font": {"size": TREND_LABEL_FONT, "color": MUTED},
    }


def _recomputed_note(figure, bands):
    """A recorded final that today's framework computes differently (``series.FinalFigure.differs``)."""
    if figure.computed is None:
        return _("nilai tercatat; tidak dapat dihitung ulang dengan kerangka sekarang")
    return _("nilai tercatat; dihitung ulang %(computed)s") % {"computed": index_num(figure.computed, bands)}


def trend(points, *, national=(), bands=(), peers=(), extra=(), height=320):
    """The index over the years, each year on its own framework's scale.

    ``points``: objects with ``year``, ``index``, ``target``, ``source`` ("final", "summary", or a
    series), ``framework`` (a short name), ``illustrative`` and optionally ``bands`` (their own
    framework's predicate bands; else ``bands``). Summary-only years are hollow markers;
    illustrative years are diamonds instead of circles, say so on hover and have their own legend
    entry ("ilustrasi"). Each marker is coloured by its own framework's band; the band background
    is drawn only behind the years of its framework. A change of framework breaks the line (no
    segment joins the two frameworks) and is a dotted vertical line labelled with both names.
    ``national``: ``series.PeerPoint`` rows (a point with a ``note`` gets its own marker).
    ``peers`` and ``extra``: ``TrendSeries`` lines (``peer_series``; ``extra`` for another helper's
    series such as an estimate on another framework), each its own trace.
    """
    figure = _Builder()
    points = sorted(points, key=lambda p: p.year)
    segments = _segments(points)
    extra = [*peers, *extra]
    all_years = [p.year for p in points] + [p.year for p in national] + [q[0] for s in extra for q in s.points]
    x_range = [min(all_years) - 0.5, max(all_years) + 0.5] if all_years else [0, 1]

    def bands_of(point):
        return getattr(point, "bands", None) or bands

    # The province's line: one trace, a gap (no value) between frameworks so no segment joins them.
    xs, ys, texts, hover, symbols, colours, targets = [], [], [], [], [], [], []
    breaks = []
    for number, (framework, members) in enumerate(segments):
        if number:
            middle = (segments[number - 1][1][-1].year + members[0].year) / 2
            breaks.append((middle, segments[number - 1][0], framework))
            xs.append(middle)
            ys.append(None)
            texts.append("")
            hover.append("")
            symbols.append("circle")
            colours.append(PROVINCE_COLOUR)
            targets.append(None)
        for point in members:
            notes = [point.source_label]
            if point.illustrative:
                notes.append(_("data ilustrasi"))
            if point.framework:
                notes.append(_("kerangka %(name)s") % {"name": point.framework})
            predicate = getattr(point, "predicate", None)
            if predicate is not None:
                notes.append(str(predicate))
            final = getattr(point, "figure", None)  # series.FinalFigure of a final year
            if final is not None and final.differs:
                notes.append(_recomputed_note(final, bands_of(point)))
            xs.append(point.year)
            ys.append(_float(point.index))
            texts.append(index_num(point.index, bands_of(point)) if point.index is not None else "")
            hover.append(" · ".join(plain(n) for n in notes if n))
            symbols.append(_trend_symbol(point))
            colours.append(band_colour(bands_of(point), point.index) if bands_of(point) else PROVINCE_COLOUR)
            targets.append(_float(point.target))
    positions = _label_positions(xs, ys, texts, x_range, height)
    figure.add_scatter(
        x=xs,
        y=ys,
        mode="lines+markers",  # its value labels are drawn by the last trace, above every other line
        name=_("Provinsi"),
        line={"color": PROVINCE_COLOUR, "width": 3},
        marker={"size": 11, "symbol": symbols, "color": colours, "line": {"width": 2, "color": PROVINCE_COLOUR}},
        text=texts,
        textposition=positions,
        customdata=hover,
        hovertemplate="%{x}: %{text}<br>%{customdata}<extra>" + _("Provinsi") + "</extra>",
        connectgaps=False,
        cliponaxis=False,
    )
    if any(p.illustrative for p in points):
        # legend only: says what the diamonds on the province's line are
        figure.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=_("ilustrasi"),
            marker={"size": 10, "symbol": ILLUSTRATIVE_SYMBOL, "color": PROVINCE_COLOUR, "line": {"width": 2}},
            hoverinfo="skip",
        )
    if any(p.target is not None for p in points):
        figure.add_scatter(
            x=xs,
            y=targets,
            mode="lines",
            name=_("Target"),
            line={"color": TARGET_COLOUR, "width": 2, "dash": "dash", "shape": "hv"},
            hovertemplate="%{x}: %{y:.2f}<extra>" + _("Target") + "</extra>",
            connectgaps=False,
        )
    if national:
        figure.add_scatter(
            x=[p.year for p in national],
            y=[_float(p.index) for p in national],
            mode="lines+markers",
            name=_("Rata-rata nasional"),
            line={"color": NATIONAL_COLOUR, "width": 2, "dash": "dot"},
            marker={
                "size": [11 if p.note else 7 for p in national],
                "symbol": ["x" if p.note else "circle" for p in national],
                "color": NATIONAL_COLOUR,
            },
            text=[index_num(p.index, bands) for p in national],
            customdata=[plain(p.note) for p in national],
            hovertemplate="%{x}: %{text} %{customdata}<extra>" + _("Rata-rata nasional") + "</extra>",
        )
    for line in extra:
        rows = [(q[0], q[1], q[2] if len(q) > 2 else line.hover_note) for q in line.points]
        name = plain(line.name)
        figure.add_scatter(
            x=[year for year, _value, _note in rows],
            y=[_float(value) for _year, value, _note in rows],
            mode="lines+markers",
            name=name,
            line={"color": line.colour, "width": 2, "dash": line.dash},
            marker={"size": 7, "symbol": line.symbol, "color": line.colour},
            text=[index_num(value, line.bands) for _year, value, _note in rows],
            customdata=[plain(note or "") for _year, _value, note in rows],
            hovertemplate="%{x}: %{text} %{customdata}<extra>" + name + "</extra>",
            connectgaps=False,
        )
    # The "Sangat Baik 3,50" line is named in the legend, not on the plot, where it would cover a
    # point's label near the right edge.
    figure.add_scatter(
        x=[None],
        y=[None],
        mode="lines",
        name=_("Sangat Baik %(value)s") % {"value": num(SANGAT_BAIK)},
        line={"color": INK, "width": 1.5},
        hoverinfo="skip",
    )
    # The province's value labels last, so no peer's or average's line is drawn over them.
    figure.add_scatter(
        x=xs,
        y=ys,
        mode="markers+text",
        # invisible markers of the province's size, so the labels keep their distance from its markers
        marker={"size": 11, "opacity": 0},
        text=texts,
        textposition=positions,
        textfont={"size": TREND_LABEL_FONT, "color": INK},
        hoverinfo="skip",
        showlegend=False,
        cliponaxis=False,
    )
    shapes = []
    if segments and bands:
        for number, (_framework, members) in enumerate(segments):
            # Only behind this framework's own years: from the break before (or half a year before
            # its first year) to the break after (or half a year after its last).
            x0 = breaks[number - 1][0] if number else members[0].year - 0.5
            x1 = breaks[number][0] if number < len(breaks) else members[-1].year + 0.5
            for rect in _band_shapes(bands_of(members[0]), axis="y", opacity=0.12):
                rect.update(xref="x", x0=x0, x1=x1)
                shapes.append(rect)
    elif bands:
        shapes = _band_shapes(bands, axis="y", opacity=0.12)
    shapes.append(_hline(SANGAT_BAIK, INK, width=1.5))
    annotations = []
    for middle, before, after in breaks:
        shapes.append(_vline(middle, MUTED, dash="dot", width=1.5))
        if before and after:
            text = _("Kerangka baru: %(name)s") % {"name": plain(after)}
            annotations.append(_break_annotation(middle, text, x_range))
    # On a phone the legend stacks one entry a line below the plot: each line more than the base
    # chart's few makes the figure taller rather than the plot flatter.
    entries = sum(1 for trace in figure.traces if trace.get("name"))
    height += LEGEND_LINE_PX * max(0, entries - LEGEND_LINES_IN_BASE)
    figure.update_layout(
        _layout(
            height=height,
            margin=dict(TREND_MARGIN),
            shapes=shapes,
            annotations=annotations or None,
            xaxis={
                "dtick": 1,
                "tickformat": "d",
                "range": x_range if all_years else None,
                "fixedrange": True,
            },
            yaxis={"range": [1, 5], "dtick": 0.5, "tickformat": ".1f", "fixedrange": True, "automargin": True},
            hovermode="closest",
        )
    )
    return to_dict(figure)


def wrap_label(label, width=26):
    """``label`` broken at spaces into lines of at most ``width`` characters (plotly's ``<br>``), so
    a long aspect name does not squeeze a half-width chart's bars to nothing (a longer word stays whole).
    ``label`` is already ``plain``: the ``<br>`` added here are the only markup."""
    lines, line = [], ""
    for word in str(label).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "<br>".join(lines)


BAR_PX = 22  # a labelled-above bar's thickness
LABEL_LINE_PX = 15


def _labelled_above(labels, *, wrap=44, extra=60):
    """Layout parts for horizontal bars whose names sit above each bar, across the chart's width.

    Names as tick labels beside the bars take half of a phone's width and squeeze the bars to a
    sliver; above the bars they leave the whole width to the bars on any screen. Every category
    gets room for the longest name (wrapped at ``wrap`` characters) plus its bar.
    """
    wrapped = [wrap_label(label, width=wrap) for label in labels]
    lines = max((text.count("<br>") + 1 for text in wrapped), default=1)
    slot = BAR_PX + lines * LABEL_LINE_PX + 8
    annotations = [
        {
            "x": 0,
            "xref": "paper",
            "y": label,
            "yref": "y",
            "xanchor": "left",
            "yanchor": "bottom",
            "yshift": BAR_PX / 2 + 2,
            "align": "left",
            "showarrow": False,
            "text": text,
            "font": {"size": 12, "color": INK},
        }
        for label, text in zip(labels, wrapped, strict=True)
    ]
    return {
        "height": max(160, slot * len(labels) + extra),
        "bargap": round(1 - BAR_PX / slot, 3),
        "annotations": annotations,
        "yaxis": {"autorange": "reversed", "showticklabels": False, "fixedrange": True},
    }


def values_vs_target(rows, bands, *, target=None, height=None):
    """Horizontal bars (domain or aspect indices) coloured by predicate band, with the target and
    3.50 as vertical lines. ``rows``: (label, value) pairs in display order; missing values are
    gaps with a note. Names sit above the bars (these charts sit side by side, half the page wide)."""
    labels = [plain(label) for label, _value in rows]
    values = [_float(value) for _label, value in rows]
    figure = _Builder()
    figure.add_bar(
        x=values,
        y=labels,
        orientation="h",
        marker={"color": [band_colour(bands, value) for _label, value in rows], "line": {"color": INK, "width": 0.5}},
        text=[index_num(value, bands) if value is not None else _("belum ada") for _label, value in rows],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
        showlegend=False,
    )
    shapes = [_vline(SANGAT_BAIK, INK, width=2)]
    if target is not None:
        shapes.append(_vline(target, TARGET_COLOUR, dash="dash", width=2))
    parts = _labelled_above(labels, extra=50)
    figure.update_layout(
        _layout(
            **{**parts, "height": height or parts["height"]},
            shapes=shapes,
            xaxis={"range": [0, 5.3], "dtick": 1, "tickformat": ".1f", "tickangle": 0, "fixedrange": True},
            margin={"l": 10, "r": 40, "t": 10, "b": 30, "pad": 2},
        )
    )
    return to_dict(figure)


def levers(rows, *, height=None):
    """The indicators whose rise adds most: bars of index points to gain (to level 5), labelled
    with the lead unit. ``rows``: objects with ``label``, ``potential``, ``gain_per_step``, ``lead``."""
    labels = [plain(r.label) for r in rows]
    figure = _Builder()
    figure.add_bar(
        x=[_float(r.potential) for r in rows],
        y=labels,
        orientation="h",
        marker={"color": PROVINCE_COLOUR},
        text=[plain(r.lead) if r.lead else _("tanpa penanggung jawab") for r in rows],
        textposition="auto",
        customdata=[num(r.gain_per_step, 3) for r in rows],
        hovertemplate="%{y}<br>"
        + _("hingga tingkat 5")
        + ": +%{x:.3f}<br>"
        + _("per tingkat")
        + ": +%{customdata}<extra></extra>",
        showlegend=False,
    )
    parts = _labelled_above(labels)
    figure.update_layout(
        _layout(
            **{**parts, "height": height or parts["height"]},
            xaxis={"tickformat": ".2f", "fixedrange": True, "rangemode": "tozero", "tickangle": 0},
            margin={"l": 10, "r": 10, "t": 10, "b": 30, "pad": 2},
        )
    )
    return to_dict(figure)


STATUS_ORDER = ("verified", "submitted", "returned", "draft", "not_started")


def progress_bars(rows, status_labels, *, height=None):
    """Stacked horizontal bars: per unit, its assigned indicators by answer status. Units with
    overdue work get a warning mark on their label. ``rows``: objects with ``unit``, ``overdue``
    and one attribute per status in ``STATUS_ORDER``."""
    labels = [f"{plain(r.unit)} ⚠" if r.overdue else plain(r.unit) for r in rows]
    figure = _Builder()
    for status in STATUS_ORDER:
        figure.add_bar(
            x=[getattr(r, status) for r in rows],
            y=labels,
            orientation="h",
            name=str(status_labels[status]),
            marker={"color": STATUS_COLOURS[status]},
            customdata=[r.overdue for r in rows],
            hovertemplate="%{y}: %{x} "
            + str(status_labels[status])
            + "<br>"
            + _("terlambat")
            + ": %{customdata}<extra></extra>",
        )
    figure.update_layout(
        _layout(
            barmode="stack",
            height=height or max(180, 30 * len(rows) + 90),
            xaxis={"dtick": 1 if max((r.assigned for r in rows), default=0) <= 10 else None, "fixedrange": True},
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            margin={"l": 10, "r": 10, "t": 10, "b": 40, "pad": 2},
        )
    )
    return to_dict(figure)


ILLUSTRATIVE_PATTERN = "/"  # hatched bars: a year whose values are invented (demo data)


def levels_by_series(years, series, *, illustrative_years=(), height=300):
    """One indicator's level per year, a group of bars per year, one bar per series.
    ``series``: (key, label, [level or None per year]) triples. Bars of ``illustrative_years`` are
    hatched, with a legend entry ("ilustrasi") saying what the hatching means."""
    figure = _Builder()
    categories = [str(y) for y in years]
    illustrative = set(illustrative_years) & set(years)
    pattern = {"shape": [ILLUSTRATIVE_PATTERN if y in illustrative else "" for y in years]} if illustrative else None
    for key, label, levels in series:
        label = plain(label)
        marker = {"color": SERIES_COLOURS.get(key, MUTED)}
        if pattern:
            marker["pattern"] = pattern
        figure.add_bar(
            x=categories,
            y=levels,
            name=label,
            marker=marker,
            text=[str(v) if v is not None else "" for v in levels],
            textposition="outside",
            hovertemplate="%{x}: " + _("tingkat") + " %{y}<extra>" + str(label) + "</extra>",
        )
    if illustrative:
        # legend only: says what the hatched bars are
        figure.add_bar(
            x=[None],
            y=[None],
            name=_("ilustrasi"),
            marker={"color": "rgba(0,0,0,0)", "line": {"color": MUTED, "width": 1}, "pattern": {"shape": "/"}},
            hoverinfo="skip",
        )
    figure.update_layout(
        _layout(
            barmode="group",
            height=height,
            xaxis={"type": "category", "fixedrange": True},
            yaxis={
                "range": [0, 5.5],
                "dtick": 1,
                "fixedrange": True,
                "automargin": True,
                "title": {"text": _("Tingkat")},
            },
        )
    )
    return to_dict(figure)


def calibration_gaps(rows, *, height=None):
    """Mean gap per unit (proposed − verified, proposed − final), biggest over-claim first.
    ``rows``: objects with ``label``, ``gap_verified``, ``gap_final``."""
    figure = _Builder()
    labels = [plain(r.label) for r in rows]
    for attribute, name, colour in (
        ("gap_verified", _("Usulan − terverifikasi"), SERIES_COLOURS["verified"]),
        ("gap_final", _("Usulan − hasil akhir"), SERIES_COLOURS["final"]),
    ):
        figure.add_bar(
            x=[_float(getattr(r, attribute)) for r in rows],
            y=labels,
            orientation="h",
            name=name,
            marker={"color": colour},
            hovertemplate="%{y}: %{x:+.2f}<extra>" + name + "</extra>",
        )
    figure.update_layout(
        _layout(
            barmode="group",
            height=height or max(180, 40 * len(rows) + 90),
            xaxis={"tickformat": "+.1f", "zeroline": True, "zerolinewidth": 2, "fixedrange": True},
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            margin={"l": 10, "r": 10, "t": 10, "b": 40, "pad": 2},
        )
    )
    return to_dict(figure)


ESTIMATE_COLOUR = "#7a5195"


def add_estimate_trace(figure_data, points):
    """The trend ``figure_data`` with one more trace: the dotted "perkiraan <framework>" series
    (``transition.reads.estimate_trend_points``), its own trace, so it is never joined to the
    measured line; the hover gives the weight it covers. Without points the figure is unchanged."""
    points = [p for p in points if p.index is not None]
    if not points:
        return figure_data
    name = _("perkiraan %(framework)s") % {"framework": plain(points[-1].framework)}
    trace = {
        "type": "scatter",
        "x": [p.year for p in points],
        "y": [_float(p.index) for p in points],
        "mode": "lines+markers",
        "name": name,
        "line": {"color": ESTIMATE_COLOUR, "width": 2, "dash": "dot"},
        "marker": {"size": 7, "symbol": "circle-open", "color": ESTIMATE_COLOUR},
        "customdata": [_("cakupan bobot %(percent)s %%") % {"percent": num(p.coverage * 100, 0)} for p in points],
        "hovertemplate": "%{x}: %{y:.2f} · %{customdata}<extra>" + name + "</extra>",
        "connectgaps": False,
    }
    data = list(figure_data["data"])
    # Below the value labels (the trend's last, text-only trace), so no label is covered.
    at = len(data) - 1 if data and data[-1].get("mode") == "markers+text" and not data[-1].get("name") else len(data)
    data.insert(at, trace)
    out = {**figure_data, "data": data}
    if VALIDATE:
        mine, theirs = _canonical(out), _canonical(validated(out))
        if mine != theirs:
            raise AssertionError(f"figure differs from plotly's validated JSON:\n{mine}\n{theirs}")
    return out
