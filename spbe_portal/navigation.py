"""The main navigation: which links each user gets, grouped so that it fits one line at 1366 px.

One place decides it, from ``skpd/permissions.py`` (the same questions the views ask), so a link is
shown exactly when its page would open. Pages with several siblings (reports, planning, settings)
share a group that opens as a menu (``<details>``, no script needed); on a phone the whole list
folds behind one "Menu" button (static/js/portal.js; without script it stays open).

A feature adds its page by adding a ``Link`` to the right group here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from skpd import permissions


@dataclass
class Link:
    label: str
    url_name: str
    current: bool = False

    @cached_property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass
class Group:
    """Links shown under one menu; ``flat`` groups (and groups of one link) show their links inline."""

    label: str
    links: list[Link] = field(default_factory=list)
    flat: bool = False

    @property
    def menu(self) -> bool:
        return not self.flat and len(self.links) > 1

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def _is_current(link: Link, path: str) -> bool:
    url = link.url
    return path == url if url == "/" else path.startswith(url)


def navigation(user, path: str = "") -> list[Group]:
    """The groups of links ``user`` may open, in display order; empty groups left out."""
    groups = [
        Group(_("Beranda"), [Link(_("Beranda"), "home")]),
        Group(
            _("Pekerjaan"),
            flat=True,
            links=[
                *(
                    [Link(_("Daftar kerja"), "evaluations:worklist"), Link(_("Unit saya"), "evaluations:my_unit")]
                    if permissions.can_use_worklist(user)
                    else []
                ),
                *(
                    [Link(_("Antrean reviu"), "periods:review_queue")]
                    if permissions.can_view_review_queue(user)
                    else []
                ),
            ],
        ),
        Group(_("Periode"), [Link(_("Periode"), "periods:list")] if permissions.can_view_periods(user) else []),
        Group(
            _("Penugasan"),
            [Link(_("Penugasan"), "assignments:index")] if permissions.can_view_assignments(user) else [],
        ),
        Group(
            _("Laporan"),
            [
                Link(_("Dasbor"), "reports:dashboard"),
                Link(_("Ringkasan Gubernur"), "reports:brief"),
                Link(_("Kalibrasi"), "reports:calibration"),
                Link(_("Transisi ke Pemdi"), "transition:page"),
            ]
            if permissions.can_view_dashboard(user)
            else [],
        ),
        Group(
            _("Perencanaan"),
            [Link(_("Simulasi"), "planning:whatif"), Link(_("Jalan ke target"), "planning:road")]
            if permissions.can_simulate(user)
            else [],
        ),
        Group(
            _("Pengaturan"),
            [
                *([Link(_("Perangkat daerah"), "skpd:unit_list")] if permissions.can_manage_units(user) else []),
                *([Link(_("Pengguna"), "skpd:people_list")] if permissions.can_manage_people(user) else []),
                *([Link(_("Kerangka"), "indicators:framework_list")] if permissions.can_view_framework(user) else []),
                *([Link(_("Administrasi"), "admin:index")] if user.is_staff else []),
            ],
        ),
    ]
    shown = [group for group in groups if group.links]
    for group in shown:
        for link in group.links:
            link.current = _is_current(link, path)
    return shown
