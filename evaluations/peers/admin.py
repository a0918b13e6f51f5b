"""The administrator adds or corrects a published result in the Django admin; the form's values go
through ``peers.services`` (its permission, checks, computed index, flag and history). Domain and
aspect values are typed as ``1=3.70,2=3.40`` (``indicators.summary_values``)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy

from evaluations.admin import GuardedHistoryAdmin
from evaluations.models import PublishedResult
from evaluations.peers import services
from indicators.summary_values import format_summary_values, parse_summary_values

PARTS_HELP = gettext_lazy("Nomor=nilai dipisah koma, misalnya 1=3.70,2=3.40,3=3.00,4=3.20 (titik desimal).")


class PublishedResultForm(forms.ModelForm):
    domains = forms.CharField(label=gettext_lazy("Nilai domain"), required=False, help_text=PARTS_HELP)
    aspects = forms.CharField(
        label=gettext_lazy("Nilai aspek"),
        required=False,
        help_text=gettext_lazy("Untuk kerangka tanpa domain. ") + PARTS_HELP,
    )

    class Meta:
        model = PublishedResult
        fields = [
            "body",
            "kind",
            "province",
            "year",
            "framework",
            "index",
            "predicate_as_published",
            "source",
            "source_date",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["domains"].initial = format_summary_values(self.instance.domain_values)
            self.fields["aspects"].initial = format_summary_values(self.instance.aspect_values)

    def _parts(self, name, what):
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return {}
        try:
            return parse_summary_values(text, what)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_domains(self):
        return self._parts("domains", "domain")

    def clean_aspects(self):
        return self._parts("aspects", "aspek")

    def values(self):
        data = self.cleaned_data
        return {
            "body": data.get("body"),
            "kind": data.get("kind"),
            "province": data.get("province", ""),
            "year": data.get("year"),
            "framework": data.get("framework"),
            "index": data.get("index"),
            "domains": data.get("domains") or {},
            "aspects": data.get("aspects") or {},
            "predicate_as_published": data.get("predicate_as_published", ""),
            "source": data.get("source", ""),
            "source_date": data.get("source_date", ""),
            "note": data.get("note", ""),
        }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        # The service's checks, shown on the field they concern (nothing is saved here).
        try:
            self.checked = services.clean_result(**self.values())
        except services.FieldError as exc:
            field = exc.field if exc.field in self.fields else None
            self.add_error(field, str(exc))
        return data


@admin.register(PublishedResult)
class PublishedResultAdmin(GuardedHistoryAdmin):
    form = PublishedResultForm
    list_display = ("body", "kind", "year", "index", "computed_index", "flagged", "framework", "source_date")
    list_filter = ("flagged", "kind", "year", "framework")
    search_fields = ("body", "province")
    list_select_related = ("framework",)
    readonly_fields = ("computed_index", "flagged", "domain_values", "aspect_values")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and services.may_record(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and services.may_record(request.user)

    def save_model(self, request, obj, form, change):
        # A refusal here (PermissionDenied) is a 403; the values were checked by the form's clean.
        saved = services.record_published_result(request.user, instance=obj if change else None, **form.values())
        obj.pk = saved.pk
        obj.refresh_from_db()
