"""Forms for answers, reviews, evidence and the officer's work list filter. They validate input only;
writes happen in ``evaluations/answers/services.py``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.answers import evidence as evidence_checks
from evaluations.forms import PeriodFilter

LEVEL_CHOICES = [(level, str(level)) for level in range(1, 6)]


class AnswerForm(forms.Form):
    """The officer's answer. The template draws the level choice itself, beside each level's criterion."""

    proposed_level = forms.TypedChoiceField(
        label=_("Tingkat usulan"),
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Penjelasan"),
        required=False,
        strip=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    base_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    verified_level = forms.TypedChoiceField(
        label=_("Tingkat terverifikasi"),
        choices=[("", _("— pilih —")), *LEVEL_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Boleh berbeda dari tingkat usulan. Wajib untuk verifikasi."),
    )
    note = forms.CharField(
        label=_("Catatan peninjau"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Wajib saat mengembalikan (apa yang perlu diperbaiki), saat memverifikasi di bawah tingkat usulan "
            "(kriteria yang belum terpenuhi) dan saat memverifikasi jawaban tanpa bukti. Perangkat daerah "
            "membacanya di riwayat jawaban dan notifikasinya."
        ),
    )


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (``<input type=file multiple>``); cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)) and data:
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class EvidenceFileForm(forms.Form):
    """One or several files in one upload. Field ids are prefixed (``file_title``): the page holds
    three evidence forms, each with a title, and every id on a page must be unique."""

    title = forms.CharField(
        label=_("Judul bukti"),
        required=False,
        max_length=255,
        help_text=_("Kosongkan untuk memakai nama file (dengan beberapa file, judul tiap bukti adalah nama file-nya)."),
    )
    file = MultipleFileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "file_%s")
        super().__init__(*args, **kwargs)
        limit = evidence_checks.max_bytes()
        self.fields["file"].widget.attrs.update(
            {
                "accept": evidence_checks.accept_attribute(),
                # Checked in the browser before anything is sent (static/js/portal.js), and again on the server.
                "data-max-bytes": str(limit),
                "data-msg-too-big": _(
                    "File “%(name)s” melebihi batas %(limit)s dan tidak diunggah. Perkecil atau pecah file-nya."
                )
                % {"name": "{name}", "limit": evidence_checks.human_size(limit)},
            }
        )
        self.fields["file"].help_text = _(
            "Boleh beberapa file sekaligus. Beri nama sesuai isinya, misalnya "
            "Indikator1a-Pergub-TataKelolaSPBE.pdf. Diterima: %(kinds)s; paling besar %(limit)s per file."
        ) % {
            "kinds": evidence_checks.accepted_summary(),
            "limit": evidence_checks.human_size(evidence_checks.max_bytes()),
        }


class EvidenceLinkForm(forms.Form):
    title = forms.CharField(label=_("Judul tautan"), max_length=255)
    url = forms.URLField(
        label=_("Tautan"),
        max_length=1000,
        assume_scheme="https",
        help_text=_("Misalnya alamat aplikasi dengan akun demo, atau dokumen di situs resmi."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "link_%s")
        super().__init__(*args, **kwargs)


class OwnNameChoiceField(forms.ModelChoiceField):
    """A stored file shown by the name this unit gave it (``own_name``, annotated by the view)."""

    def label_from_instance(self, obj):
        return getattr(obj, "own_name", None) or obj.original_name


class AttachEvidenceForm(forms.Form):
    evidence_file = OwnNameChoiceField(
        label=_("File yang sudah pernah diunggah"), queryset=None, empty_label=_("— pilih file —")
    )
    title = forms.CharField(label=_("Judul bukti"), required=False, max_length=255)

    def __init__(self, *args, files_queryset, **kwargs):
        kwargs.setdefault("auto_id", "attach_%s")
        super().__init__(*args, **kwargs)
        self.fields["evidence_file"].queryset = files_queryset


class WorklistFilterForm(PeriodFilter):
    """The work list's ``?periode=<year>``, among the periods it is given (running or past, not drafts)."""

    def period_label(self, period):
        return f"{period.year} · {period.get_status_display()}"


class BulkVerifyForm(forms.Form):
    answer_ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    note = forms.CharField(required=False, max_length=5000)
    next = forms.CharField(required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer_ids"].error_messages["required"] = _("Pilih setidaknya satu jawaban.")

    def clean_answer_ids(self):
        return self.cleaned_data["answer_ids"]

    def full_clean(self):
        # Any integer id is a valid choice; whether the user may verify it is the service's question.
        ids = self.data.getlist("answer_ids") if hasattr(self.data, "getlist") else self.data.get("answer_ids", [])
        # ASCII digits within a database id ("²".isdigit() is true; 2**63 overflows the column).
        self.fields["answer_ids"].choices = [
            (value, value) for value in ids if str(value).isascii() and str(value).isdigit() and len(str(value)) <= 18
        ]
        super().full_clean()
