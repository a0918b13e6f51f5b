"""Forms of the units and people pages; they validate input, the services in units.py/people.py write."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from indicators.models import Aspect
from skpd.models import Unit
from skpd.roles import Role
from skpd.validators import refuse_bidi_controls
from spbe_portal.lib import uploads


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Jenis"), required=False, choices=[("", _("Semua jenis")), *Unit.Kind.choices])
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Semua")), ("1", _("Aktif")), ("0", _("Tidak aktif"))],
    )

    def filter(self, queryset):
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                Q(code__icontains=data["q"]) | Q(name__icontains=data["q"]) | Q(short_name__icontains=data["q"])
            )
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["active"]:
            queryset = queryset.filter(is_active=data["active"] == "1")
        return queryset


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "kind", "is_active"]


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas CSV"),
        help_text=_("Kolom: code,name,short_name,kind (baris pertama kepala kolom, UTF-8)."),
    )
    update_existing = forms.BooleanField(
        label=_("Perbarui yang sudah ada"),
        required=False,
        help_text=_("Tanpa centang, kode yang sudah terdaftar ditolak; dengan centang, nama dan jenisnya diperbarui."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            uploads.check_size(upload, upload.name)
        except uploads.UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


def _aspect_label(aspect):
    return (
        f"{aspect.framework.short_name or aspect.framework.code} · {aspect.number}. {aspect.short_name or aspect.name}"
    )


class AspectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _aspect_label(obj)


class PersonForm(forms.Form):
    first_name = forms.CharField(
        label=_("Nama depan"), max_length=150, required=False, validators=[refuse_bidi_controls]
    )
    last_name = forms.CharField(
        label=_("Nama belakang"), max_length=150, required=False, validators=[refuse_bidi_controls]
    )
    email = forms.EmailField(label=_("Surel"), required=False)
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Perangkat daerah"),
        queryset=Unit.objects.active(),
        required=False,
        help_text=_("Wajib untuk petugas SKPD."),
    )
    aspects = AspectChoiceField(
        label=_("Aspek yang direviu"),
        queryset=Aspect.objects.select_related("framework").order_by("framework__code", "number"),
        required=False,
        help_text=_("Hanya untuk peninjau; kosong berarti semua aspek."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.OFFICER and not data.get("unit"):
            self.add_error("unit", _("Petugas SKPD harus memiliki perangkat daerah."))
        return data


class PersonCreateForm(PersonForm):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Huruf, angka dan @/./+/-/_ saja."),
    )
    password1 = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    field_order = ["username", "first_name", "last_name", "email", "role", "unit", "aspects", "password1", "password2"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai."))
        return username

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            user = get_user_model()(username=data.get("username", ""), first_name=data.get("first_name", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class PersonEditForm(PersonForm):
    is_active = forms.BooleanField(label=_("Aktif"), required=False, help_text=_("Akun nonaktif tidak dapat masuk."))


class PasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Kata sandi baru"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data
