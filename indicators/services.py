"""Writes to frameworks that are more than one field: confirming a provisional framework.

Loading and replacing a framework from a file is ``indicators.loader``; deleting one is
``loader.delete_framework``. Permissions are Django's model permissions (the administrators'
group holds them), so this app does not depend on ``skpd``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.models import Framework


def incomplete_indicators(framework):
    """Numbers of the framework's indicators that do not have exactly the criteria of levels 1–5."""
    counts = framework.indicators.annotate(n=Count("criteria")).values_list("number", "n")
    return [number for number, n in counts if n != 5]


def confirmation_note(user, note=""):
    when = timezone.localtime().strftime("%d-%m-%Y %H:%M")
    who = user.get_full_name() or user.get_username()
    text = _("Dikonfirmasi resmi oleh %(who)s pada %(when)s WITA.") % {"who": who, "when": when}
    return f"{text} {note}".strip()


def confirm_framework(framework, user, note=""):
    """A provisional framework becomes official, on the record (who, when, why in ``status_note``).

    Refused when the user may not change frameworks, when it is already official, or when an
    indicator still lacks its level 1–5 criteria (an official framework has them all).
    """
    if not user.has_perm("indicators.change_framework"):
        raise PermissionDenied(_("Anda tidak berhak mengubah kerangka."))
    with transaction.atomic():
        framework = Framework.objects.select_for_update().get(pk=framework.pk)
        if framework.status == Framework.Status.OFFICIAL:
            raise ValidationError(_("Kerangka %(code)s sudah resmi.") % {"code": framework.code})
        missing = incomplete_indicators(framework)
        if missing:
            raise ValidationError(
                _(
                    "Kerangka %(code)s belum dapat dikonfirmasi: indikator %(numbers)s belum mempunyai kriteria tingkat 1–5."
                )
                % {"code": framework.code, "numbers": ", ".join(str(n) for n in missing)}
            )
        framework.status = Framework.Status.OFFICIAL
        framework.status_note = "\n".join(filter(None, [framework.status_note, confirmation_note(user, note)]))
        framework.save(update_fields=["status", "status_note"])
    return framework
