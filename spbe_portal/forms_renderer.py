"""The form renderer: Django's own, with ``<select>`` drawn in Python instead of a template per option.

Django renders each ``<option>`` through two template includes (``select_option.html`` and
``attrs.html``): about 0.1 ms an option. A list of 600 perangkat daerah (a national deployment's
unit filter) then costs ~30 ms per page, half of the review queue's time. This renderer writes the
same bytes as those templates (``tests/test_forms_renderer.py`` compares them), escaping and
localising every value exactly as the template language does. Any other template, and a select
whose options use another template, go to Django's renderer unchanged.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs, context):
    # attrs.html: {% if value is not False %} {{ name }}{% if value is not True %}="{{ value|stringformat:'s' }}"
    # (stringformat gives a plain str, so the value is always escaped).
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {render_value_in_context(name, context)}")
        else:
            parts.append(f' {render_value_in_context(name, context)}="{escape(str(value))}"')
    return "".join(parts)


def render_select(widget):
    """The HTML of ``select.html`` for a widget context (``context["widget"]``), or ``None`` when an
    option uses a template other than Django's ``select_option.html``."""
    context = Context()
    out = [f'<select name="{render_value_in_context(widget["name"], context)}"{_attrs(widget["attrs"], context)}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{render_value_in_context(group_name, context)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            out.append(
                f'\n  <option value="{escape(str(option["value"]))}"{_attrs(option["attrs"], context)}>'
                f"{render_value_in_context(option['label'], context)}</option>\n"  # the file's last newline
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # every value above is escaped as the template would


class PortalFormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
