"""The one write path for published results (``PublishedResult``): the administrator's admin form
and the shipped-data loader both go through ``clean_result``; a person's change goes through
``record_published_result`` (permission, validation, transaction, history).

A result is given as its published index, or as domain values (aspect values for a framework
without domains), or both. From parts the index is computed with the framework's weights
(``scoring.index_from_domains`` / ``index_from_aspects``); when both are given and differ by more
than 0.005 the result is flagged, so the page and the admin list show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from evaluations import audit
from evaluations.errors import InvalidInput, PermissionDenied
from evaluations.models import PublishedResult
from indicators import scoring
from skpd import permissions

SOURCE_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
YEARS = (2000, 2100)


class FieldError(InvalidInput):
    """One field of a published result refused: ``field`` names it, ``str()`` is the reason."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CleanResult:
    """A published result's values, checked: what ``PublishedResult`` stores."""

    body: str
    kind: str
    province: str
    year: int
    framework: object | None
    index: Decimal | None
    domain_values: dict
    aspect_values: dict
    computed_index: Decimal | None
    flagged: bool
    predicate_as_published: str
    source: str
    source_date: str
    note: str

    def fields(self):
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _decimal(value, field):
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise FieldError(field, _("%(value)s bukan angka") % {"value": value}) from None
    if not number.is_finite():
        raise FieldError(field, _("%(value)s bukan angka") % {"value": value})
    return number


def _parts(values, field):
    """``{int: Decimal}`` from a mapping whose keys and values may be text (JSON, a form)."""
    parts = {}
    for key, value in (values or {}).items():
        try:
            number = int(str(key).strip())
        except ValueError:
            raise FieldError(field, _("nomor %(key)s bukan bilangan bulat") % {"key": key}) from None
        parts[number] = _decimal(value, field)
        if parts[number] is None:
            raise FieldError(field, _("nilai nomor %(key)s kosong") % {"key": key})
    return parts


def _stored(parts):
    """Parts as JSON-ready text, exact: ``{"1": "3.70"}``."""
    return {str(number): str(value) for number, value in sorted(parts.items())}


def clean_result(
    *,
    body,
    kind,
    year,
    framework=None,
    index=None,
    domains=None,
    aspects=None,
    province="",
    source="",
    source_date="",
    predicate_as_published="",
    note="",
) -> CleanResult:
    """Check a published result and compute its index from its parts. Raises ``FieldError`` naming
    the field (``body``, ``kind``, ``year``, ``framework``, ``index``, ``domains``, ``aspects``,
    ``source``, ``source_date``) and the reason."""
    body = (body or "").strip()
    if not body:
        raise FieldError("body", _("nama instansi wajib diisi"))
    if kind not in PublishedResult.Kind.values:
        choices = ", ".join(PublishedResult.Kind.values)
        raise FieldError(
            "kind", _("jenis “%(kind)s” tidak dikenal (pilihan: %(choices)s)") % {"kind": kind, "choices": choices}
        )
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        raise FieldError("year", _("tahun “%(year)s” bukan bilangan bulat") % {"year": year}) from None
    if not YEARS[0] <= year <= YEARS[1]:
        raise FieldError(
            "year", _("tahun %(year)s di luar %(low)s–%(high)s") % {"year": year, "low": YEARS[0], "high": YEARS[1]}
        )
    index = _decimal(index, "index")
    if index is not None and not Decimal(1) <= index <= Decimal(5):
        raise FieldError("index", _("indeks %(value)s di luar 1–5") % {"value": index})
    domains = _parts(domains, "domains")
    aspects = _parts(aspects, "aspects")
    if domains and aspects:
        raise FieldError("aspects", _("berikan nilai domain atau nilai aspek, tidak keduanya"))
    if index is None and not domains and not aspects:
        raise FieldError("index", _("berikan indeks, nilai domain atau nilai aspek"))
    if framework is not None and framework.valid_from_year and year < framework.valid_from_year:
        raise FieldError(
            "framework",
            _("kerangka %(code)s berlaku sejak %(from)s; tahun %(year)s di luar")
            % {"code": framework.code, "from": framework.valid_from_year, "year": year},
        )
    if framework is not None and framework.valid_to_year and year > framework.valid_to_year:
        raise FieldError(
            "framework",
            _("kerangka %(code)s berlaku sampai %(to)s; tahun %(year)s di luar")
            % {"code": framework.code, "to": framework.valid_to_year, "year": year},
        )
    computed = None
    if domains or aspects:
        field = "domains" if domains else "aspects"
        if framework is None:
            raise FieldError(
                "framework", _("kerangka wajib diisi untuk menghitung indeks dari nilai domain atau aspek")
            )
        structure = framework.structure()
        try:
            if domains:
                computed = scoring.index_from_domains(structure, domains)
            else:
                computed = scoring.index_from_aspects(structure, aspects)
        except ValueError as exc:
            raise FieldError(field, str(exc)) from None
    source = (source or "").strip()
    if not source:
        raise FieldError("source", _("sumber wajib diisi (alamat atau nama dokumen)"))
    source_date = (source_date or "").strip()
    if source_date and not SOURCE_DATE.match(source_date):
        raise FieldError(
            "source_date", _("tanggal sumber “%(value)s” harus TTTT, TTTT-BB atau TTTT-BB-HH") % {"value": source_date}
        )
    return CleanResult(
        body=body,
        kind=kind,
        province=(province or "").strip(),
        year=year,
        framework=framework,
        index=index,
        domain_values=_stored(domains),
        aspect_values=_stored(aspects),
        computed_index=computed,
        flagged=scoring.disagrees(index, computed),
        predicate_as_published=(predicate_as_published or "").strip(),
        source=source,
        source_date=source_date,
        note=(note or "").strip(),
    )


def result_event(clean: CleanResult, *, loaded_from=None):
    if loaded_from:
        return audit.event(audit.PEER_LOADED, file=loaded_from)
    computed = scoring.display(clean.computed_index, 4) if clean.computed_index is not None else None
    code = audit.PEER_FLAGGED if clean.flagged else audit.PEER_RECORDED
    return audit.event(code, index=clean.index, computed=computed)


def may_record(user):
    return permissions.can_manage(user)


def record_published_result(user, *, instance=None, **values) -> PublishedResult:
    """Add a published result, or correct ``instance``: administrators only; the values are checked
    by ``clean_result`` (its ``FieldError`` names the field); the change is in the history."""
    if not may_record(user):
        raise PermissionDenied(_("Hasil terpublikasi instansi lain dicatat oleh administrator."))
    clean = clean_result(**values)
    with transaction.atomic():
        if instance is not None and instance.pk is not None:
            result = PublishedResult.objects.select_for_update().get(pk=instance.pk)
        else:
            result = PublishedResult()
        clash = PublishedResult.objects.filter(body=clean.body, year=clean.year).exclude(pk=result.pk).exists()
        if clash:
            raise FieldError(
                "year", _("%(body)s tahun %(year)s sudah tercatat") % {"body": clean.body, "year": clean.year}
            )
        for name, value in clean.fields().items():
            setattr(result, name, value)
        audit.mark(result, user, result_event(clean))
        result.save()
    return result
