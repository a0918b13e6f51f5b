"""Plotly figures of the planning pages: a what-if's change per domain and aspect, and a road to a target.

Built like ``charts.py`` (whose helpers they use): plain values in, figure JSON out, drawn by
``static/js/portal.js`` with the portal's plotly.js bundle (bar and scatter only).
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from evaluations.reference_data import SANGAT_BAIK
from evaluations.reports.charts import (
    INK,
    MUTED,
    PROVINCE_COLOUR,
    TARGET_COLOUR,
    _Builder,
    _float,
    _hline,
    _layout,
    index_num,
    num,
    plain,
    to_dict,
)

RISE_COLOUR = "#1e7b34"
FALL_COLOUR = "#b00020"


def delta_bars(rows, *, height=None):
    """Horizontal bars of the change (after − before) per domain or aspect, rises green, falls red.
    ``rows``: (label, before, after) triples in display order; a missing value gives no bar."""
    labels, deltas, colours, texts = [], [], [], []
    for label, before, after in rows:
        delta = None if before is None or after is None else Decimal(after) - Decimal(before)
        labels.append(plain(label))
        deltas.append(_float(delta))
        colours.append(MUTED if not delta else (RISE_COLOUR if delta > 0 else FALL_COLOUR))
        texts.append("" if delta is None else ("+" if delta > 0 else "") + num(delta))
    figure = _Builder()
    figure.add_bar(
        x=deltas,
        y=labels,
        orientation="h",
        marker={"color": colours, "line": {"color": INK, "width": 0.5}},
        text=texts,
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x:+.2f}<extra></extra>",
        showlegend=False,
    )
    top = max([abs(d) for d in deltas if d is not None] + [0.1])
    figure.update_layout(
        _layout(
            height=height or max(160, 34 * len(rows) + 60),
            xaxis={
                "range": [-top * 1.3, top * 1.3],
                "tickformat": "+.2f",
                "zeroline": True,
                "zerolinewidth": 2,
                "fixedrange": True,
            },
            yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
            margin={"l": 10, "r": 40, "t": 10, "b": 30, "pad": 2},
        )
    )
    return to_dict(figure)


def road_line(road, *, bands=(), height=300):
    """The index after each step of a road (start first), with the road's target and 3.50 as lines.

    The x axis counts steps (0 = the start); which indicator each step raises is in the hover and
    in the table beside the chart, since a road can have 70 steps and their names do not fit."""
    xs = list(range(len(road.steps) + 1))
    ys = [_float(road.start_index)] + [_float(step.cumulative) for step in road.steps]
    hover = [_("Indeks awal")] + [
        _("Langkah %(step)s · indikator %(number)s: tingkat %(before)s → %(after)s (+%(gain)s)")
        % {
            "step": i,
            "number": step.number,
            "before": step.from_level,
            "after": step.to_level,
            "gain": num(step.gain, 3),
        }
        for i, step in enumerate(road.steps, 1)
    ]
    figure = _Builder()
    figure.add_scatter(
        x=xs,
        y=ys,
        mode="lines+markers",
        line={"color": PROVINCE_COLOUR, "width": 3, "shape": "hv"},
        marker={"size": 8 if len(xs) <= 30 else 5, "color": PROVINCE_COLOUR},
        text=[index_num(road.start_index, bands)] + [index_num(step.cumulative, bands) for step in road.steps],
        customdata=hover,
        hovertemplate="%{customdata}<br>" + _("Indeks") + ": %{text}<extra></extra>",
        showlegend=False,
    )
    shapes = [_hline(road.target, TARGET_COLOUR, dash="dash")]
    if road.target != SANGAT_BAIK:
        shapes.append(_hline(SANGAT_BAIK, INK, width=1.5))
    low = min([y for y in ys if y is not None] + [float(road.target)]) - 0.1
    high = max([y for y in ys if y is not None] + [float(road.target)]) + 0.1
    figure.update_layout(
        _layout(
            height=height,
            shapes=shapes,
            annotations=[
                {
                    "x": 1,
                    "y": float(road.target),
                    "xref": "paper",
                    "yref": "y",
                    "xanchor": "right",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "text": plain(road.label),
                    "font": {"size": 11, "color": TARGET_COLOUR},
                }
            ],
            xaxis={
                "range": [-0.5, len(xs) - 0.5],
                "tickformat": "d",
                "fixedrange": True,
                "automargin": True,
                "title": {"text": _("Langkah")},
            },
            yaxis={"range": [max(1, low), min(5, high)], "tickformat": ".2f", "fixedrange": True, "automargin": True},
        )
    )
    return to_dict(figure)
