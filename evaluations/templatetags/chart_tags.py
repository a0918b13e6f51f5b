"""Chart containers sized before any script runs and holding the chart as static SVG.

``{% figure_of fig json as figure %}``: the figure as a dict, from a dict (``fig``) or its JSON (``json``,
as the planning fragments carry it). ``{{ figure|figure_height }}``: its layout height in pixels, so the
container is as tall as the drawn chart and nothing moves when plotly.js draws it.
``{{ figure|static_svg }}``: the figure as the server's SVG (``static_charts.figure_svg``), what the page
shows until plotly.js draws the chart, and what prints if it never does.
"""

import json
import threading
from collections import OrderedDict

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag
def figure_of(fig, json_text=""):
    return _figure(fig or json_text)


@register.filter
def figure_height(value):
    height = _figure(value).get("layout", {}).get("height")
    return int(height) if isinstance(height, int | float) else DEFAULT_HEIGHT


# The SVG is a pure function of the figure and its key, and the same figures come back request after
# request (a dashboard nobody changed): the last SVG_CACHE_SIZE drawn are kept, per process, keyed by
# the figure's JSON (serialising costs a tenth of drawing the 45-unit chart).
SVG_CACHE_SIZE = 128
_svg_cache = OrderedDict()
_svg_lock = threading.Lock()


@register.filter
def static_svg(value, key="chart"):
    figure = _figure(value)
    cache_key = (json.dumps(figure, separators=(",", ":"), default=repr), key)
    with _svg_lock:
        svg = _svg_cache.get(cache_key)
        if svg is not None:
            _svg_cache.move_to_end(cache_key)
            return svg
    svg = figure_svg(figure, key=key)
    with _svg_lock:
        _svg_cache[cache_key] = svg
        while len(_svg_cache) > SVG_CACHE_SIZE:
            _svg_cache.popitem(last=False)
    return svg


# What Django's json_script escapes, as chained str.replace (C speed) instead of str.translate with a
# mapping (a Python call per character: 0.3 ms for each of a dashboard's figures).
_SCRIPT_ESCAPES = (("&", "\\u0026"), ("<", "\\u003C"), (">", "\\u003E"))


@register.filter
def figure_json_script(value, element_id):
    """``{{ fig|json_script:id }}``, byte for byte, faster for a figure's few kilobytes of JSON."""
    text = json.dumps(value, cls=DjangoJSONEncoder)
    for char, escaped in _SCRIPT_ESCAPES:
        text = text.replace(char, escaped)
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))
