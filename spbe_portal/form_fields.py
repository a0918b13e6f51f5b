"""Form fields in the reader's number format.

``LocalizedDecimalField`` reads "4,90" in the Indonesian interface and "4.90" in English (Django's
localized input: the active language's DECIMAL_SEPARATOR, spbe_portal/formats/), and shows a value
back the same way, with at least two decimals (4,90, not 4,900). A plain text input with
``inputmode="decimal"``: a browser's number input would refuse the comma.
"""

from decimal import Decimal

from django import forms


class LocalizedDecimalField(forms.DecimalField):
    def __init__(self, *args, **kwargs):
        kwargs["localize"] = True
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            value = value.normalize()
            if value.as_tuple().exponent > -2:
                value = value.quantize(Decimal("0.01"))
        return super().prepare_value(value)


class _LabelRows(forms.models.ModelChoiceIterator):
    """A ``LabelledModelChoiceField``'s options, read as ``(pk, label)`` rows: no model instance per
    option (a national deployment's unit filter has 600)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, label in self.queryset.values_list("pk", self.field.label_field):
            yield (forms.models.ModelChoiceIteratorValue(pk, None), label)


class LabelledModelChoiceField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` whose option labels come from a column or annotation of its queryset
    (``label_field``) that holds what ``label_from_instance`` would give. It renders the same options
    and validates the same way (the chosen object is still fetched by its key); only the options
    are read without building each object."""

    iterator = _LabelRows

    def __init__(self, *args, label_field, **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)
