"""Pages for administrators: work units (list, create, edit, CSV import) and people (list, create, edit, password).

Every view asks ``skpd.permissions`` first and writes only through ``skpd.units`` / ``skpd.people``.
Invalid input (a filter, a form, a CSV) is answered with status 400 and the reasons on the page.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from skpd import people, permissions, units
from skpd.forms import PasswordForm, PersonCreateForm, PersonEditForm, UnitFilterForm, UnitForm, UnitImportForm
from skpd.models import Unit
from skpd.roles import GROUP_NAMES, PRECEDENCE, ROLE_BY_GROUP, Role


def _require(check, user):
    if not check(user):
        raise PermissionDenied(_("Halaman ini hanya untuk administrator portal."))


def _apply_errors(form, exc):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- units ---------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def unit_list(request):
    _require(permissions.can_manage_units, request.user)
    form = UnitFilterForm(request.GET or None)
    queryset = Unit.objects.annotate(member_count=Count("members", distinct=True)).order_by("name")
    status = 200
    if form.is_bound:
        if form.is_valid():
            queryset = form.filter(queryset)
        else:
            status, queryset = 400, queryset.none()
    template = "skpd/units.html"
    if request.htmx:
        template += "#unit-table"
    return render(request, template, {"form": form, "units": list(queryset)}, status=status)


@require_http_methods(["GET", "POST"])
def unit_create(request):
    _require(permissions.can_manage_units, request.user)
    form = UnitForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            unit = units.create_unit(request.user, **form.cleaned_data)
            messages.success(request, _("Perangkat daerah %(unit)s ditambahkan.") % {"unit": unit.name})
            return redirect("skpd:unit_list")
        return render(request, "skpd/unit_form.html", {"form": form, "unit": None}, status=400)
    return render(request, "skpd/unit_form.html", {"form": form, "unit": None})


@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    _require(permissions.can_manage_units, request.user)
    unit = get_object_or_404(Unit, pk=pk)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST":
        if form.is_valid():
            units.update_unit(request.user, unit, **form.cleaned_data)
            messages.success(request, _("Perangkat daerah %(unit)s disimpan.") % {"unit": unit.name})
            return redirect("skpd:unit_list")
        return render(request, "skpd/unit_form.html", {"form": form, "unit": unit}, status=400)
    return render(request, "skpd/unit_form.html", {"form": form, "unit": unit})


@require_http_methods(["GET", "POST"])
def unit_import(request):
    _require(permissions.can_manage_units, request.user)
    form = UnitImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "errors": [], "header": ",".join(units.HEADER), "kinds": Unit.Kind.values}
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = units.import_units(
                    request.user, upload.read(), update_existing=form.cleaned_data["update_existing"]
                )
            except units.UnitImportError as exc:
                context["errors"] = exc.errors
                context["error_count"] = exc.total
                context["file_name"] = upload.name
                return render(request, "skpd/unit_import.html", context, status=400)
            messages.success(
                request,
                _("Impor selesai: %(created)s ditambahkan, %(updated)s diperbarui, %(unchanged)s tidak berubah.")
                % {"created": len(report.created), "updated": len(report.updated), "unchanged": len(report.unchanged)},
            )
            return redirect("skpd:unit_list")
        return render(request, "skpd/unit_import.html", context, status=400)
    return render(request, "skpd/unit_import.html", context)


# --- people --------------------------------------------------------------------------------------


def _people_queryset():
    return (
        get_user_model()
        .objects.select_related("profile__unit")
        .prefetch_related("groups", "profile__review_aspects")
        .order_by("username")
    )


def _place(user):
    """(role, unit, aspects) read from prefetched data, without a query per row."""
    if user.is_superuser:
        role = Role.ADMIN
    else:
        roles = {ROLE_BY_GROUP[g.name] for g in user.groups.all() if g.name in ROLE_BY_GROUP}
        role = next((r for r in PRECEDENCE if r in roles), None)
    profile = getattr(user, "profile", None)  # select_related: no query, None when missing
    unit = profile.unit if profile else None
    aspects = list(profile.review_aspects.all()) if profile else []
    return role, unit, aspects


@require_http_methods(["GET"])
def people_list(request):
    _require(permissions.can_manage_people, request.user)
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]  # PostgreSQL refuses NUL in a query
    role_filter = request.GET.get("role", "")
    if role_filter and role_filter not in Role.values:
        return render(
            request,
            "skpd/people.html",
            {"rows": [], "q": q, "role_filter": "", "roles": Role.choices, "bad_filter": role_filter},
            status=400,
        )
    queryset = _people_queryset()
    if q:
        queryset = queryset.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(profile__unit__name__icontains=q)
        )
    if role_filter:
        group_name = GROUP_NAMES[Role(role_filter)]
        role_q = Q(groups__name=group_name)
        if role_filter == Role.ADMIN:
            role_q |= Q(is_superuser=True)
        queryset = queryset.filter(role_q).distinct()
    rows = []
    for person in queryset:
        role, unit, aspects = _place(person)
        rows.append({"person": person, "role": role, "unit": unit, "aspects": aspects})
    template = "skpd/people.html"
    if request.htmx:
        template += "#people-table"
    return render(request, template, {"rows": rows, "q": q, "role_filter": role_filter, "roles": Role.choices})


@require_http_methods(["GET", "POST"])
def person_create(request):
    _require(permissions.can_manage_people, request.user)
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                person = people.create_person(
                    request.user,
                    username=data["username"],
                    role=data["role"],
                    password=data["password1"],
                    unit=data["unit"],
                    aspects=data["aspects"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Akun %(name)s dibuat.") % {"name": person.username})
                return redirect("skpd:people_list")
        return render(request, "skpd/person_form.html", {"form": form, "person": None}, status=400)
    return render(request, "skpd/person_form.html", {"form": form, "person": None})


@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    _require(permissions.can_manage_people, request.user)
    person = get_object_or_404(_people_queryset(), pk=pk)
    role, unit, aspects = _place(person)
    initial = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "role": role,
        "unit": unit,
        "aspects": aspects,
        "is_active": person.is_active,
    }
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                people.update_person(
                    request.user,
                    person,
                    role=data["role"],
                    unit=data["unit"],
                    aspects=data["aspects"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    is_active=data["is_active"],
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Akun %(name)s disimpan.") % {"name": person.username})
                return redirect("skpd:people_list")
        return render(request, "skpd/person_form.html", {"form": form, "person": person}, status=400)
    return render(request, "skpd/person_form.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
def person_password(request, pk):
    _require(permissions.can_manage_people, request.user)
    person = get_object_or_404(get_user_model(), pk=pk)
    form = PasswordForm(request.POST or None, user=person)
    if request.method == "POST":
        if form.is_valid():
            people.set_password(request.user, person, form.cleaned_data["password1"])
            messages.success(request, _("Kata sandi %(name)s diganti.") % {"name": person.username})
            return redirect("skpd:people_list")
        return render(request, "skpd/person_password.html", {"form": form, "person": person}, status=400)
    return render(request, "skpd/person_password.html", {"form": form, "person": person})
