"""Writes to people: create an account with its role, unit and review scope; change them; set a password.

A role is membership of exactly one of the four role groups (``skpd.roles.GROUP_NAMES``); setting a
role removes the other role groups. Rules kept here so the page, the admin and commands agree:
an officer must belong to a unit; only reviewers carry a review scope (it is cleared otherwise);
an administrator cannot take away their own administrator role or deactivate their own account
(so the portal never loses its last way in by one click); a superuser is always an administrator,
so their role is changed in the Django admin, not here.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from skpd import permissions
from skpd.models import Profile
from skpd.roles import GROUP_NAMES, Role
from skpd.validators import bidi_controls_in, bidi_message


def _require(actor):
    if actor is not None and not permissions.can_manage_people(actor):
        raise PermissionDenied(_("Hanya administrator yang dapat mengelola pengguna."))


def _check(role, unit):
    role = Role(role)
    if role == Role.OFFICER and unit is None:
        raise ValidationError({"unit": _("Petugas SKPD harus memiliki perangkat daerah.")})
    if unit is not None and not unit.is_active:
        raise ValidationError({"unit": _("Perangkat daerah %(unit)s tidak aktif.") % {"unit": unit}})
    return role


def set_role(user, role):
    """Put ``user`` in exactly one role group (``role=None``: none)."""
    groups = Group.objects.filter(name__in=GROUP_NAMES.values())
    user.groups.remove(*groups)
    if role is not None:
        group, _created = Group.objects.get_or_create(name=GROUP_NAMES[Role(role)])
        user.groups.add(group)
    user.__dict__.pop("_portal_role", None)


def _set_place(user, unit, aspects, role):
    profile, _created = Profile.objects.get_or_create(user=user)
    if profile.unit_id != (unit.pk if unit else None):
        profile.unit = unit
        profile.save(update_fields=["unit"])
    profile.review_aspects.set(list(aspects) if role == Role.REVIEWER else [])
    user.__dict__.pop("_portal_profile", None)


def _check_names(**names):
    errors = {field: bidi_message(codes) + "." for field, value in names.items() if (codes := bidi_controls_in(value))}
    if errors:
        raise ValidationError(errors)


def create_person(actor, *, username, role, password, unit=None, aspects=(), first_name="", last_name="", email=""):
    _require(actor)
    role = _check(role, unit)
    _check_names(first_name=first_name, last_name=last_name)
    user_model = get_user_model()
    with transaction.atomic():
        if user_model.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": _("Nama pengguna %(name)s sudah dipakai.") % {"name": username}})
        user = user_model.objects.create_user(
            username=username, password=password, first_name=first_name, last_name=last_name, email=email
        )
        set_role(user, role)
        _set_place(user, unit, aspects, role)
    return user


def update_person(actor, user, *, role, unit=None, aspects=(), first_name="", last_name="", email="", is_active=True):
    _require(actor)
    role = _check(role, unit)
    _check_names(first_name=first_name, last_name=last_name)
    if actor is not None and actor.pk == user.pk and (role != Role.ADMIN or not is_active):
        raise ValidationError(_("Anda tidak dapat mencabut peran administrator atau menonaktifkan akun Anda sendiri."))
    if user.is_superuser and role != Role.ADMIN:
        raise ValidationError(
            {"role": _("Akun superuser selalu administrator; ubah status superuser-nya di halaman Administrasi.")}
        )
    with transaction.atomic():
        user.first_name, user.last_name, user.email, user.is_active = first_name, last_name, email, is_active
        user.save(update_fields=["first_name", "last_name", "email", "is_active"])
        set_role(user, role)
        _set_place(user, unit, aspects, role)
    return user


def set_password(actor, user, password):
    _require(actor)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
    return user
