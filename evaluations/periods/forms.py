"""Forms of the period pages: period settings, status and reopen, indicator settings, stage results,
import, carry-over, summary values, and the reviewer queue's GET filters."""

from django import forms
from django.db.models import Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from evaluations.answers import flags
from evaluations.forms import PeriodFilter
from evaluations.models import Answer, Period, StageResult
from indicators.models import Aspect, Framework
from skpd.models import Unit
from spbe_portal.form_fields import LabelledModelChoiceField, LocalizedDecimalField
from spbe_portal.lib import uploads

LEVEL_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(1, 6)]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The stage dates in the order an evaluation runs through them.
DATE_FIELDS = (
    "self_assessment_start",
    "self_assessment_due",
    "verification_due",
    "document_review_date",
    "interview_date",
    "visit_date",
    "final_date",
)


class PeriodForm(forms.ModelForm):
    class Meta:
        model = Period
        fields = [
            "year",
            "framework",
            "kind",
            "target_index",
            "is_summary_only",
            "is_illustrative",
            "notes",
            "self_assessment_start",
            "self_assessment_due",
            "verification_due",
            "document_review_date",
            "interview_date",
            "visit_date",
            "final_date",
        ]
        widgets = dict.fromkeys(DATE_FIELDS, DATE_WIDGET) | {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"target_index": LocalizedDecimalField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.order_by("code")
        if self.fields["framework"].empty_label is not None:  # None when Django leaves the empty choice out
            self.fields["framework"].empty_label = _("— pilih kerangka —")

    def clean(self):
        data = super().clean()
        order = DATE_FIELDS
        dates = [(name, data.get(name)) for name in order if data.get(name)]
        for (first, a), (second, b) in zip(dates, dates[1:], strict=False):
            if b < a:
                self.add_error(
                    second,
                    _("Tanggal ini (%(b)s) sebelum %(first)s (%(a)s).")
                    % {"b": b, "a": a, "first": self.fields[first].label},
                )
        target = data.get("target_index")
        if target is not None and not (1 <= target <= 5):
            self.add_error("target_index", _("Target indeks harus antara 1,00 dan 5,00."))
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status baru"), choices=Period.Status.choices)
    reason = forms.CharField(label=_("Catatan"), required=False, max_length=2000)


class ReopenForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("Buka kembali ke"),
        choices=[
            (Period.Status.IN_REVIEW, Period.Status.IN_REVIEW.label),
            (Period.Status.OPEN, Period.Status.OPEN.label),
        ],
    )
    reason = forms.CharField(
        label=_("Alasan (wajib, dicatat dalam riwayat)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Alasan membuka kembali periode wajib diisi.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Alasan membuka kembali periode wajib diisi."))
        return reason


class IndicatorSettingsForm(forms.Form):
    """One row of fields per indicator: flagship service name (flagship slots), target, feasible max."""

    def __init__(self, *args, indicators, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        self.rows = []
        for indicator in self.indicators:
            setting = current.get(indicator.pk)
            names = {}
            if indicator.is_flagship_slot:
                names["service"] = f"service_{indicator.number}"
                self.fields[names["service"]] = forms.CharField(
                    label=_("Layanan unggulan indikator %s") % indicator.number,
                    required=False,
                    max_length=200,
                    initial=setting.service_name if setting else "",
                )
            names["target"] = f"target_{indicator.number}"
            names["cap"] = f"cap_{indicator.number}"
            self.fields[names["target"]] = forms.TypedChoiceField(
                label=_("Target tingkat indikator %s") % indicator.number,
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=setting.target_level if setting else None,
            )
            self.fields[names["cap"]] = forms.TypedChoiceField(
                label=_("Tingkat maksimum yang layak indikator %s") % indicator.number,
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=setting.feasible_max if setting else None,
            )
            self.rows.append((indicator, names))

    def bound_rows(self):
        return [
            (
                indicator,
                self[names["service"]] if "service" in names else None,
                self[names["target"]],
                self[names["cap"]],
            )
            for indicator, names in self.rows
        ]

    def clean(self):
        data = super().clean()
        for indicator, names in self.rows:
            target, cap = data.get(names["target"]), data.get(names["cap"])
            if target is not None and cap is not None and target > cap:
                self.add_error(
                    names["target"],
                    _("Indikator %(n)s: target %(t)s melebihi tingkat maksimum yang layak %(c)s.")
                    % {"n": indicator.number, "t": target, "c": cap},
                )
        return data

    def settings(self):
        out = {}
        for indicator, names in self.rows:
            out[indicator] = {
                "service_name": self.cleaned_data.get(names.get("service"), "") if "service" in names else "",
                "target_level": self.cleaned_data.get(names["target"]),
                "feasible_max": self.cleaned_data.get(names["cap"]),
            }
        return out


class StageLevelsForm(forms.Form):
    """The levels of one stage: one choice per indicator the user may record."""

    note = forms.CharField(label=_("Catatan (misalnya nomor berita acara)"), required=False, max_length=2000)

    def __init__(self, *args, indicators, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"level_{indicator.number}"] = forms.TypedChoiceField(
                label=f"{indicator.number}. {indicator.display_name}",
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current.get(indicator.number),
            )

    def level_fields(self):
        return [(indicator, self[f"level_{indicator.number}"]) for indicator in self.indicators]

    def levels(self):
        return {indicator: self.cleaned_data.get(f"level_{indicator.number}") for indicator in self.indicators}


class StageImportForm(forms.Form):
    stage = forms.ChoiceField(label=_("Tahap"), choices=StageResult.Stage.choices)
    file = forms.FileField(label=_("File CSV atau XLSX (kolom: indicator,level)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("%s: jenis file tidak didukung; unggah CSV atau XLSX.") % upload.name)
        try:
            uploads.check_size(upload, upload.name)
        except uploads.UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class CarryOverForm(forms.Form):
    from_period = forms.ModelChoiceField(
        label=_("Salin jawaban dari periode"), queryset=Period.objects.none(), empty_label=_("— pilih periode —")
    )

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_period"].queryset = (
            Period.objects.with_framework().filter(is_summary_only=False).exclude(pk=period.pk).order_by("-year")
        )


class SummaryForm(forms.Form):
    index = LocalizedDecimalField(label=_("Indeks"), max_digits=5, decimal_places=3, min_value=1, max_value=5)

    def __init__(self, *args, domains, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.domain_numbers = [d.number for d in domains]
        for domain in domains:
            self.fields[f"domain_{domain.number}"] = LocalizedDecimalField(
                label=_("Indeks domain %(n)s (%(name)s)") % {"n": domain.number, "name": domain.display_name},
                max_digits=5,
                decimal_places=3,
                min_value=1,
                max_value=5,
                required=False,
                initial=current.get(domain.number),
            )

    def domains(self):
        return {n: self.cleaned_data.get(f"domain_{n}") for n in self.domain_numbers}


class QueueFilterForm(PeriodFilter):
    """GET filters of the review queue (``?periode=<year>`` among the reviewable periods, status, unit, aspect,
    overdue, flag, sort); an invalid value is a 400 with this form's message.

    Without a ``status`` the queue shows what waits for review, and the field says so ("Diajukan"
    selected); ``status=`` (Semua status) lists every status. The aspects offered are those of the
    chosen period's framework (``default_period`` when none is chosen), in the reviewer's scope."""

    STATUS_CHOICES = [
        ("", _("Semua status")),
        (Answer.Status.SUBMITTED, Answer.Status.SUBMITTED.label),
        (Answer.Status.RETURNED, Answer.Status.RETURNED.label),
        (Answer.Status.VERIFIED, Answer.Status.VERIFIED.label),
        (Answer.Status.DRAFT, Answer.Status.DRAFT.label),
    ]
    DEFAULT_STATUS = Answer.Status.SUBMITTED
    SORT_FLAGS = "tanda"
    SORT_CHOICES = [("", _("Terlama diajukan dulu")), (SORT_FLAGS, _("Tanda terbanyak dulu"))]

    # An empty choice means what the view does with it: the current period, no filter on unit or aspect.
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    # The options' labels are the annotation ``shown`` (``Unit.__str__``'s rule, in the database).
    unit = LabelledModelChoiceField(
        label=_("Perangkat daerah"),
        label_field="shown",
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Semua perangkat daerah"),
    )
    aspect = forms.ModelChoiceField(
        label=_("Aspek"), queryset=Aspect.objects.none(), required=False, empty_label=_("Semua aspek")
    )
    tanda = forms.ChoiceField(label=_("Tanda bukti"), required=False)
    urut = forms.ChoiceField(label=_("Urutan"), choices=SORT_CHOICES, required=False)
    overdue = forms.BooleanField(label=_("Hanya yang terlambat"), required=False)

    def __init__(self, data=None, *, periods, aspect_scope=None, default_period=None, **kwargs):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = self.DEFAULT_STATUS
        super().__init__(data, periods=periods, **kwargs)
        self.fields["periode"].choices = [("", _("Periode berjalan")), *self.fields["periode"].choices]
        # Sorted by the name shown (the short name where a unit has one), as a reader looks it up.
        shown = Coalesce(NullIf("short_name", Value("")), "name")
        self.fields["unit"].queryset = Unit.objects.annotate(shown=shown).order_by(Lower("shown"), "pk")
        self.chosen_period = self._chosen_period(default_period)
        aspects = Aspect.objects.order_by("number")
        if self.chosen_period is not None:
            aspects = aspects.filter(framework_id=self.chosen_period.framework_id)
        if aspect_scope is not None:
            aspects = aspects.filter(pk__in=aspect_scope)
        self.fields["aspect"].queryset = aspects
        self.fields["tanda"].choices = [("", _("Semua jawaban")), *flags.choices()]

    def _chosen_period(self, default):
        """The period the filter names (before validation: it decides which aspects are valid)."""
        raw = self.data.get("periode") if self.is_bound else None
        try:
            return self.periods.get(int(raw), default) if raw else default
        except (TypeError, ValueError):
            return default

    def period_label(self, period):
        return str(period)

    def error_text(self):
        return " ".join(f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items())

    def query(self, *, page=None):
        """The filter as a canonical query string (the period always named), for links back to this queue."""
        data = self.cleaned_data
        params = QueryDict(mutable=True)
        if self.chosen_period is not None:
            params["periode"] = str(self.chosen_period.year)
        params["status"] = data.get("status") or ""
        for name in ("unit", "aspect"):
            if data.get(name) is not None:
                params[name] = str(data[name].pk)
        for name in ("tanda", "urut"):
            if data.get(name):
                params[name] = data[name]
        if data.get("overdue"):
            params["overdue"] = "on"
        if page and page > 1:
            params["halaman"] = str(page)
        return params.urlencode()
