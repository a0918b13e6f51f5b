"""Figures skip plotly's validation in production; the suite validates every one it builds."""

from decimal import Decimal

import pytest

from evaluations.reports import charts
from indicators.scoring import BandSpec

BANDS = (
    BandSpec("Kurang", Decimal("1.00"), Decimal("1.80"), "#b00020"),
    BandSpec("Cukup", Decimal("1.80"), Decimal("2.60"), "#e67e22"),
    BandSpec("Baik", Decimal("2.60"), Decimal("3.50"), "#f1c40f"),
    BandSpec("Sangat Baik", Decimal("3.50"), Decimal("4.20"), "#5dade2"),
    BandSpec("Memuaskan", Decimal("4.20"), None, "#1e7b34"),
)


def test_the_suite_validates_every_figure():
    assert charts.VALIDATE is True  # set in tests/conftest.py


def test_production_output_is_what_plotly_validates(monkeypatch):
    monkeypatch.setattr(charts, "VALIDATE", False)
    fast = charts.bullet(Decimal("2.69"), BANDS, target=Decimal("3.50"))
    assert charts.validated(fast) == fast
    assert "template" not in fast["layout"]
    assert fast["data"][0]["type"] == "bar"
    assert fast["data"][0]["text"] == ["2,69"]


def test_a_value_plotly_rejects_fails_in_the_suite():
    figure = charts._Builder()
    figure.add_bar(x=[1.0], y=["a"], orientation="sideways")
    with pytest.raises(ValueError, match="orientation"):
        charts.to_dict(figure)


def test_a_value_json_cannot_carry_fails_in_the_suite():
    figure = charts._Builder()
    figure.add_bar(x=[Decimal("2.69")], y=["a"])  # json_script would send "2.69", a string
    with pytest.raises(TypeError):
        charts.to_dict(figure)


def test_a_figure_plotly_would_change_fails_in_the_suite():
    figure = charts._Builder()
    figure.add_bar(x=[1.0], y=["a"], marker_color="#000")  # plotly expands magic underscores
    with pytest.raises(AssertionError, match="differs"):
        charts.to_dict(figure)


def test_unset_properties_are_dropped_but_gaps_in_data_stay(monkeypatch):
    monkeypatch.setattr(charts, "VALIDATE", False)
    figure = charts._Builder()
    figure.add_scatter(x=[None, 1.0], y=["a", "b"], marker={"size": None, "color": "#000"})
    figure.update_layout({"xaxis": {"dtick": None, "fixedrange": True}, "shapes": [{"type": "line", "x0": None}]})
    fast = charts.to_dict(figure)
    assert fast["data"][0]["x"] == [None, 1.0]
    assert fast["data"][0]["marker"] == {"color": "#000"}
    assert fast["layout"]["xaxis"] == {"fixedrange": True}
    assert fast["layout"]["shapes"] == [{"type": "line"}]
    assert charts.validated(fast) == fast


def test_an_empty_bullet_is_what_plotly_validates(monkeypatch):
    monkeypatch.setattr(charts, "VALIDATE", False)
    fast = charts.bullet(None, BANDS)
    assert charts.validated(fast) == fast


def test_long_names_wrap_at_spaces():
    name = "7. Layanan Administrasi Pemerintahan Berbasis Elektronik"
    assert charts.wrap_label(name, width=26) == "7. Layanan Administrasi<br>Pemerintahan Berbasis<br>Elektronik"
    assert charts.wrap_label("1. Kebijakan") == "1. Kebijakan"
    assert charts.wrap_label("Supercalifragilisticexpialidocious-panjang", width=10) == (
        "Supercalifragilisticexpialidocious-panjang"
    )


def test_bar_names_sit_above_the_bars_so_a_phone_keeps_the_width_for_bars():
    name = "7. Layanan Administrasi Pemerintahan Berbasis Elektronik"
    figure = charts.values_vs_target([(name, Decimal("1.00")), ("2. Pendek", Decimal("2"))], BANDS)
    layout = figure["layout"]
    assert layout["yaxis"]["showticklabels"] is False
    assert figure["data"][0]["y"] == [name, "2. Pendek"]  # the hover names the whole aspect
    above = {note["y"]: note for note in layout["annotations"]}
    assert above[name]["text"] == "7. Layanan Administrasi Pemerintahan<br>Berbasis Elektronik"
    assert above[name]["xref"] == "paper" and above[name]["x"] == 0 and above[name]["yanchor"] == "bottom"
    assert layout["xaxis"]["tickangle"] == 0
    # a wrapped name makes every bar's slot taller
    short = charts.values_vs_target([("a", 1), ("b", 2)], BANDS)["layout"]
    assert layout["height"] > short["height"]


def test_axes_use_the_separators_of_the_page_language():
    from django.utils.translation import override

    with override("id"):
        assert charts.bullet(Decimal("2.69"), BANDS)["layout"]["separators"] == ",."
        assert charts.bullet(Decimal("2.69"), BANDS)["data"][0]["text"] == ["2,69"]
    with override("en"):
        assert charts.bullet(Decimal("2.69"), BANDS)["layout"]["separators"] == ".,"
        assert charts.bullet(Decimal("2.69"), BANDS)["data"][0]["text"] == ["2.69"]


def test_chart_texts_and_hover_never_round_into_a_band_not_reached():
    bands = BANDS
    bullet = charts.bullet(Decimal("3.495"), bands)
    assert bullet["data"][0]["text"] == ["3,495"] and "%{text}" in bullet["data"][0]["hovertemplate"]
    bars = charts.values_vs_target([("Domain 1", Decimal("3.495")), ("Domain 2", Decimal("2.9475"))], bands)
    assert bars["data"][0]["text"] == ["3,495", "2,95"] and "%{text}" in bars["data"][0]["hovertemplate"]
