"""Chart containers sized before any script runs, and charts as static SVG for print.

``{{ fig|figure_height }}``: the figure's layout height in pixels (a figure dict, or its JSON as the
planning fragments carry it), so the container is as tall as the drawn chart and nothing moves when
plotly.js draws it. ``{{ fig|static_svg:label }}``: the figure as a small SVG (print path, no plotly.js).
"""

import json

from django import template

from evaluations.reports.static_charts import figure_svg

register = template.Library()

DEFAULT_HEIGHT = 260  # plotly's own default is 450; every figure of charts.py sets its height


def _figure(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}


@register.filter
def figure_height(value):
    height = _figure(value).get("layout", {}).get("height")
    return int(height) if isinstance(height, int | float) else DEFAULT_HEIGHT


@register.filter
def static_svg(value, label=""):
    return figure_svg(_figure(value), label=label)
