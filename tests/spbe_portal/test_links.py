"""``spbe_portal.links.pk_url`` and the ``links`` template filters give what Django's own tags give."""

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from spbe_portal import links

NAMES = ["reports:unit_detail", "reports:indicator_detail", "evaluations:answer_detail"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("prefix", ["/", "/spbe/"])
def test_pk_url_is_reverse(name, prefix):
    set_script_prefix(prefix)
    try:
        for pk in (1, 7, 45, 2_147_483_646, 10**12):
            assert links.pk_url(name, pk) == reverse(name, args=[pk])
    finally:
        clear_script_prefix()


def test_pk_url_takes_only_whole_numbers():
    with pytest.raises((TypeError, ValueError)):
        links.pk_url("reports:unit_detail", "1/../../admin")
    with pytest.raises(TypeError):
        links.pk_url("reports:unit_detail", None)


def test_pk_url_filter_is_the_url_tag():
    ours = Template("{% load links %}{{ pk|pk_url:'reports:unit_detail' }}")
    django = Template("{% url 'reports:unit_detail' pk %}")
    for pk in (3, 1234):
        assert ours.render(Context({"pk": pk})) == django.render(Context({"pk": pk}))


@pytest.mark.parametrize("language", ["id", "en"])
def test_whole_prints_what_a_plain_variable_prints(language):
    ours = Template("{% load links %}{{ v|whole }}")
    django = Template("{{ v }}")
    values = [0, 1, -1, 47, 999, -999, 1000, -1000, 28_200, 1_234_567, True, None, "", "a<b", 2.5]
    with translation.override(language):
        for value in values:
            assert ours.render(Context({"v": value})) == django.render(Context({"v": value})), value
