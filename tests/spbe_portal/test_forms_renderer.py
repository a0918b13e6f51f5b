"""The portal's form renderer writes <select> exactly as Django's templates do, only faster."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from spbe_portal.forms_renderer import PortalFormRenderer


class Form(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "Alfa"), ("b", "Bravo")], required=False)
    escaped = forms.ChoiceField(
        choices=[('x"<y>&', 'Dinas <Kominfo> & "Statistik"'), ("s", mark_safe("<b>aman</b>"))], required=False
    )
    grouped = forms.ChoiceField(
        choices=[("Domain 1", [("1", "Kebijakan"), ("2", "Tata kelola")]), ("9", "Lainnya")], required=False
    )
    many = forms.MultipleChoiceField(choices=[(str(n), f"Aspek {n}") for n in range(1, 9)], required=False)
    numbers = forms.TypedChoiceField(choices=[(2024, 2024), (Decimal("3.50"), Decimal("3.50"))], required=False)
    when = forms.ChoiceField(choices=[("d", datetime.date(2026, 11, 27))], required=False)
    lazy = forms.ChoiceField(choices=[("l", gettext_lazy("Periode"))], required=False)
    flagged = forms.NullBooleanField(widget=forms.NullBooleanSelect(attrs={"data-x": True, "data-off": False}))
    attributed = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.Select(attrs={"class": 'filter "wide"', "aria-describedby": "h"})
    )


DATA = {
    "plain": "b",
    "escaped": 'x"<y>&',
    "grouped": "2",
    "many": ["2", "7"],
    "numbers": "2024",
    "flagged": "true",
}


@pytest.mark.parametrize("bound", [False, True])
@pytest.mark.parametrize("language", ["id", "en"])
def test_every_select_is_byte_for_byte_what_django_writes(bound, language):
    with override(language):
        for name in Form.base_fields:
            mine = Form(DATA if bound else None, renderer=PortalFormRenderer())[name]
            django = Form(DATA if bound else None, renderer=DjangoTemplates())[name]
            assert str(mine) == str(django), name


def test_numbers_in_labels_are_localised_like_the_template():
    with override("id"):
        html = str(Form(renderer=PortalFormRenderer())["numbers"])
    assert ">2.024</option>" in html  # USE_THOUSAND_SEPARATOR, as {{ label }} shows it
    assert ">3,50</option>" in html
    assert 'value="2024"' in html  # values are never localised


def test_a_select_with_its_own_option_template_goes_to_django():
    class OwnOption(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    field = forms.ChoiceField(choices=[("a", "A")], widget=OwnOption)
    form = type("F", (forms.Form,), {"f": field})
    assert str(form(renderer=PortalFormRenderer())["f"]) == str(form(renderer=DjangoTemplates())["f"])


def test_the_portal_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), PortalFormRenderer)


@pytest.mark.django_db
@pytest.mark.parametrize("bound", [None, "second"])
def test_a_labelled_model_choice_field_renders_and_cleans_like_a_model_choice_field(bound):
    """The queue's unit filter reads its options as (pk, label) rows; what it renders and accepts is
    what a ModelChoiceField over the same units gives."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce, Lower, NullIf

    from skpd.models import Unit
    from spbe_portal.form_fields import LabelledModelChoiceField
    from tests.factories import make_unit

    units = [make_unit("Dinas <B> & Co"), make_unit("BAPPEDA"), make_unit("Zeta")]
    Unit.objects.filter(pk=units[2].pk).update(short_name='Dinas "Z"')
    shown = Coalesce(NullIf("short_name", Value("")), "name")
    queryset = Unit.objects.annotate(shown=shown).order_by(Lower("shown"), "pk")

    class Plain(forms.Form):
        unit = forms.ModelChoiceField(queryset=queryset, required=False, empty_label="Semua")

    class Light(forms.Form):
        unit = LabelledModelChoiceField(queryset=queryset, label_field="shown", required=False, empty_label="Semua")

    data = {"unit": str(units[1].pk)} if bound else None
    plain, light = Plain(data), Light(data)
    assert str(light["unit"]) == str(plain["unit"])
    assert "Dinas &quot;Z&quot;</option>" in str(light["unit"])  # the short name, escaped
    if bound:
        assert light.is_valid() and plain.is_valid()
        assert light.cleaned_data["unit"] == plain.cleaned_data["unit"] == units[1]
    bad = Light({"unit": "999999"})
    assert not bad.is_valid() and "unit" in bad.errors
