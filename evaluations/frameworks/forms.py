"""Forms of the framework upload: the file (its kind, bounded like every import) and the confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.frameworks.services import KINDS
from spbe_portal.lib import uploads


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis berkas"), choices=[(k.code, k.label) for k in KINDS.values()])
    file = forms.FileField(label=_("Berkas"))
    # The CSV layout of a crosswalk names no frameworks: the two codes come with it.
    from_framework = forms.SlugField(
        label=_("Kerangka asal (hanya padanan CSV)"),
        required=False,
        max_length=40,
        help_text=_("Kode kerangka asal, misalnya spbe-2020. Berkas padanan JSON sudah menyebutnya."),
    )
    to_framework = forms.SlugField(
        label=_("Kerangka tujuan (hanya padanan CSV)"),
        required=False,
        max_length=40,
        help_text=_("Kode kerangka tujuan, misalnya pemdi-2026."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            uploads.check_size(upload, upload.name)
        except uploads.UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class ConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{64}$", max_length=64)
