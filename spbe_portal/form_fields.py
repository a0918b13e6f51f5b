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
