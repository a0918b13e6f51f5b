"""Who answers which indicator in a period: read the table, save it in bulk, copy the previous period's.

Each indicator has at most one lead unit (the database enforces it) and any number of contributing
units. Writes check the permission (``skpd.permissions.can_manage_assignments``) and the period's
state (closed and final periods are read-only), run in one transaction, and keep history.

Decisions worth knowing:
- A bulk save changes only the indicators it names; an indicator may be left without any unit
  (not yet assigned), but contributors without a lead are refused.
- A unit that is no longer active may stay where it already is, but cannot be newly assigned.
- Copying from a previous period fills only indicators that have no assignment yet, so it never
  overwrites work done in the new period and running it twice changes nothing. Between two
  frameworks nothing is copied by number: ``crosswalk_proposal`` proposes each new indicator's lead
  (its primary counterparts' lead with the most weight) for the administrator to review and save.
- Past periods imported without assignments get them recorded from who answered
  (``record_past_assignments``; the demo and migration 0010 do the same).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from evaluations import audit
from evaluations.errors import AssignmentError, PermissionDenied, ServiceError, StateError
from evaluations.models import Answer, Assignment, Period
from indicators.models import Indicator
from skpd import permissions
from skpd.models import Unit

LEAD, CONTRIBUTOR = Assignment.Role.LEAD, Assignment.Role.CONTRIBUTOR


@dataclass
class Row:
    indicator: Indicator
    lead_id: int | None = None
    contributor_ids: set = field(default_factory=set)
    service_name: str = ""

    @property
    def is_empty(self):
        return self.lead_id is None and not self.contributor_ids


@dataclass
class SaveReport:
    created: int = 0
    removed: int = 0
    changed_indicators: list = field(default_factory=list)


@dataclass
class CopyReport:
    source: Period | None = None
    copied: list = field(default_factory=list)  # indicator numbers
    already_assigned: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)  # source numbers with no indicator in the target
    inactive: list = field(default_factory=list)  # (number, unit) left out because the unit is inactive


# --- reads ---------------------------------------------------------------------------------------


def assignment_rows(period):
    """One ``Row`` per indicator of the period's framework, in number order (three queries)."""
    from evaluations.models import PeriodIndicator

    indicators = Indicator.objects.filter(framework_id=period.framework_id).with_hierarchy().order_by("number")
    rows = {i.pk: Row(indicator=i) for i in indicators}
    for indicator_id, unit_id, role in Assignment.objects.filter(period=period).values_list(
        "indicator_id", "unit_id", "role"
    ):
        row = rows.get(indicator_id)
        if row is None:
            continue
        if role == LEAD:
            row.lead_id = unit_id
        else:
            row.contributor_ids.add(unit_id)
    for indicator_id, name in (
        PeriodIndicator.objects.filter(period=period)
        .exclude(service_name="")
        .values_list("indicator_id", "service_name")
    ):
        if indicator_id in rows:
            rows[indicator_id].service_name = name
    return list(rows.values())


def previous_period(period):
    """The latest earlier period that has assignments, or None."""
    return (
        Period.objects.with_framework()
        .filter(year__lt=period.year, assignments__isnull=False)
        .distinct()
        .order_by("-year")
        .first()
    )


# --- writes --------------------------------------------------------------------------------------


def _require(user, period):
    if not permissions.can_manage_assignments(user):
        raise PermissionDenied(_("Hanya administrator yang dapat mengatur penugasan."))
    if period.is_read_only:
        raise StateError(
            _("Periode %(year)s berstatus %(status)s: penugasannya tidak dapat diubah.")
            % {"year": period.year, "status": period.get_status_display()}
        )
    if period.is_summary_only:
        raise StateError(_("Periode %(year)s hanya berisi nilai ringkasan, tanpa penugasan.") % {"year": period.year})


def _lock(period):
    return Period.objects.select_for_update().get(pk=period.pk)


def save_assignments(user, period, plan):
    """Set the lead and contributors of the indicators in ``plan``: {indicator number: (lead id, {contributor ids})}.

    All or nothing: every problem is collected first and raised as ``AssignmentError``.
    """
    _require(user, period)
    with transaction.atomic():
        period = _lock(period)
        _require(user, period)
        indicators = {
            i.number: i for i in Indicator.objects.filter(framework_id=period.framework_id, number__in=list(plan))
        }
        unit_ids = {uid for lead, contributors in plan.values() for uid in ({lead} | set(contributors)) if uid}
        units = Unit.objects.in_bulk(unit_ids)
        current = defaultdict(dict)  # indicator id → {unit id: assignment}
        for assignment in Assignment.objects.filter(period=period, indicator__in=indicators.values()):
            current[assignment.indicator_id][assignment.unit_id] = assignment

        errors = defaultdict(list)
        wanted = {}
        for number, (lead_id, contributor_ids) in sorted(plan.items()):
            indicator = indicators.get(number)
            if indicator is None:
                errors[None].append(_("Indikator %(number)s tidak ada di kerangka periode ini.") % {"number": number})
                continue
            contributor_ids = set(contributor_ids)
            if contributor_ids and not lead_id:
                errors[number].append(_("ada kontributor tetapi belum ada SKPD penanggung jawab"))
            if lead_id and lead_id in contributor_ids:
                errors[number].append(
                    _("%(unit)s tidak dapat menjadi penanggung jawab sekaligus kontributor")
                    % {"unit": units.get(lead_id, lead_id)}
                )
            desired = dict.fromkeys(contributor_ids, CONTRIBUTOR)
            if lead_id:
                desired[lead_id] = LEAD
            for uid in desired:
                unit = units.get(uid)
                if unit is None:
                    errors[number].append(_("SKPD dengan id %(id)s tidak ada") % {"id": uid})
                elif not unit.is_active and uid not in current[indicator.pk]:
                    errors[number].append(_("%(unit)s tidak aktif") % {"unit": unit})
            wanted[indicator] = desired
        if errors:
            raise AssignmentError(errors)

        report = SaveReport()
        to_delete, to_create = [], []
        for indicator, desired in wanted.items():
            existing = current[indicator.pk]
            changed = False
            for uid, assignment in existing.items():
                if desired.get(uid) != assignment.role:
                    to_delete.append(assignment)
                    changed = True
            for uid, role in desired.items():
                if uid not in existing or existing[uid].role != role:
                    to_create.append(Assignment(period=period, indicator=indicator, unit_id=uid, role=role))
                    changed = True
            if changed:
                report.changed_indicators.append(indicator.number)
        # Deletes first: a unit moving from contributor to lead, or a new lead, must not meet the
        # old row in the unique constraints.
        reason = audit.event(audit.ASSIGNMENTS_CHANGED)
        for assignment in to_delete:
            audit.mark(assignment, user, reason)
            assignment.delete()
        if to_create:
            bulk_create_with_history(to_create, Assignment, default_user=user, default_change_reason=reason)
        sync_lead_answers(period, [i.pk for i in wanted if i.number in report.changed_indicators])
        report.created, report.removed = len(to_create), len(to_delete)
    return report


def copy_previous(user, period, source=None):
    """Fill the period's unassigned indicators from ``source`` (default: the previous period with assignments)."""
    _require(user, period)
    with transaction.atomic():
        period = _lock(period)
        _require(user, period)
        source = source or previous_period(period)
        report = CopyReport(source=source)
        if source is None:
            raise ServiceError(_("Tidak ada periode sebelumnya yang memiliki penugasan."))
        if source.pk == period.pk:
            raise ServiceError(_("Periode asal dan tujuan sama."))
        if source.framework_id != period.framework_id:
            # Numbers mean different indicators in another framework: propose through the crosswalk
            # (crosswalk_proposal) for the administrator to review instead.
            raise ServiceError(
                _("Periode %(year)s memakai kerangka lain: penugasan diusulkan lewat padanan indikator, bukan disalin.")
                % {"year": source.year}
            )
        targets = {i.number: i for i in Indicator.objects.filter(framework_id=period.framework_id)}
        assigned_numbers = set(
            Assignment.objects.filter(period=period).values_list("indicator__number", flat=True).distinct()
        )
        by_number = defaultdict(list)
        for assignment in (
            Assignment.objects.filter(period=source).select_related("indicator", "unit").order_by("indicator__number")
        ):
            by_number[assignment.indicator.number].append(assignment)
        new = []
        for number, assignments in sorted(by_number.items()):
            target = targets.get(number)
            if target is None:
                report.unmatched.append(number)
                continue
            if number in assigned_numbers:
                report.already_assigned.append(number)
                continue
            lead = next((a for a in assignments if a.role == LEAD), None)
            if lead is not None and not lead.unit.is_active:
                # Without its lead the indicator stays open for the administrator to decide.
                report.inactive.append((number, lead.unit))
                continue
            rows = []
            for a in assignments:
                if not a.unit.is_active:
                    report.inactive.append((number, a.unit))
                    continue
                rows.append(Assignment(period=period, indicator=target, unit=a.unit, role=a.role))
            if rows and any(r.role == LEAD for r in rows):
                new.extend(rows)
                report.copied.append(number)
        if new:
            bulk_create_with_history(
                new,
                Assignment,
                default_user=user,
                default_change_reason=audit.event(audit.COPIED_FROM_PERIOD, year=source.year),
            )
            sync_lead_answers(period, {a.indicator_id for a in new})
    return report


def sync_lead_answers(period, indicator_ids):
    """Keep ``Answer.is_lead`` equal to "this answer's unit holds the LEAD assignment" for the given
    indicators (the series read lead answers through that flag: ``evaluations.series``). Two updates,
    whatever the number of answers; an indicator without a lead has no lead answer."""
    indicator_ids = list(indicator_ids)
    if not indicator_ids:
        return
    answers = Answer.objects.filter(period=period, indicator_id__in=indicator_ids)
    lead_pair = Assignment.objects.filter(
        period_id=OuterRef("period_id"), indicator_id=OuterRef("indicator_id"), unit_id=OuterRef("unit_id"), role=LEAD
    )
    answers.filter(is_lead=True).exclude(Exists(lead_pair)).update(is_lead=False)
    answers.filter(is_lead=False).filter(Exists(lead_pair)).update(is_lead=True)


# --- across frameworks: the proposal through the crosswalk, and past periods' assignments ---------


@dataclass
class Proposal:
    """Assignments proposed for a period on another framework than ``source``'s: nothing is saved."""

    source: Period | None = None
    plan: dict = field(default_factory=dict)  # target number → (lead unit id, {contributor ids})
    without_counterpart: list = field(default_factory=list)  # target numbers with no primary counterpart
    without_lead: list = field(default_factory=list)  # targets whose primary counterparts had no lead
    already_assigned: list = field(default_factory=list)


def propose_leads(primaries, weights, leads, contributors):
    """``{target: (lead unit, {contributors})}`` from the source period's assignments (pure).

    For each target its primary counterparts' lead units compete by the summed source weight of
    the counterparts each leads: the most weight wins; on a tie, the unit leading the
    lowest-numbered counterpart. Every other unit assigned to a primary counterpart (lead or
    contributor) is proposed as a contributor. A target none of whose counterparts has a lead gets
    no proposal.
    """
    out = {}
    for target, sources in sorted(primaries.items()):
        totals, first = defaultdict(int), {}
        for number in sorted(sources):
            unit = leads.get(number)
            if unit is None:
                continue
            totals[unit] += weights[number]
            first.setdefault(unit, number)
        if not totals:
            continue
        lead = min(totals, key=lambda unit: (-totals[unit], first[unit]))
        others = {leads[n] for n in sources if leads.get(n) is not None}
        for number in sources:
            others |= contributors.get(number, set())
        others.discard(lead)
        out[target] = (lead, others)
    return out


def crosswalk_proposal(period, source=None):
    """Propose ``period``'s assignments from ``source`` (default: the previous period with
    assignments) through the crosswalk between their frameworks; indicators the period already
    assigns are left out. A few queries, whatever the number of indicators."""
    source = source or previous_period(period)
    if source is None:
        raise ServiceError(_("Tidak ada periode sebelumnya yang memiliki penugasan."))
    assigned = set(Assignment.objects.filter(period=period).values_list("indicator__number", flat=True))
    return propose_from(source, period.framework_id, assigned)


def propose_from(source, framework_id, assigned=()):
    """The proposal for a period on ``framework_id`` (not yet saved, or with ``assigned`` numbers)."""
    from indicators.crosswalk import map_between

    proposal = Proposal(source=source)
    mapping = map_between(source.framework_id, framework_id)
    if mapping.crosswalk is None:
        raise ServiceError(
            _("Tidak ada padanan indikator dari kerangka periode %(year)s ke kerangka periode ini.")
            % {"year": source.year}
        )
    primaries = mapping.primaries()
    weights = dict(Indicator.objects.filter(framework_id=source.framework_id).values_list("number", "weight"))
    leads, contributors = {}, defaultdict(set)
    for number, unit_id, role in Assignment.objects.filter(period=source, unit__is_active=True).values_list(
        "indicator__number", "unit_id", "role"
    ):
        if role == LEAD:
            leads[number] = unit_id
        else:
            contributors[number].add(unit_id)
    proposed = propose_leads(primaries, weights, leads, contributors)
    for number in (
        Indicator.objects.filter(framework_id=framework_id).order_by("number").values_list("number", flat=True)
    ):
        if number in assigned:
            proposal.already_assigned.append(number)
        elif number in proposed:
            proposal.plan[number] = proposed[number]
        elif number in primaries:
            proposal.without_lead.append(number)
        else:
            proposal.without_counterpart.append(number)
    return proposal


def assignments_from_answers(period):
    """Unsaved ``Assignment`` rows saying who answered each indicator of ``period``: the lead answer's
    unit leads (one per indicator: the first by unit name should two answers claim it), the other
    answering units contribute."""
    rows, leads = [], {}
    answers = (
        Answer.objects.filter(period=period)
        .order_by("indicator_id", "-is_lead", "unit__name")
        .values_list("indicator_id", "unit_id", "is_lead")
    )
    seen = set()
    for indicator_id, unit_id, is_lead in answers:
        if (indicator_id, unit_id) in seen:
            continue
        seen.add((indicator_id, unit_id))
        role = LEAD if is_lead and indicator_id not in leads else CONTRIBUTOR
        if role == LEAD:
            leads[indicator_id] = unit_id
        rows.append(Assignment(period=period, indicator_id=indicator_id, unit_id=unit_id, role=role))
    # An indicator answered only by contributing units keeps no lead: making one the lead would
    # put its level into that past year's proposed series, which nobody decided.
    return rows


def record_past_assignments(user, period):
    """Record a past period's assignments from who answered, so unit pages are right for past years.

    Only for a period that has no assignment at all (it never overrides a decision); allowed in a
    closed or final period, because it records what happened and changes no answer or level.
    """
    if not permissions.can_manage_assignments(user):
        raise PermissionDenied(_("Hanya administrator yang dapat mengatur penugasan."))
    with transaction.atomic():
        period = _lock(period)
        if period.is_summary_only:
            raise StateError(
                _("Periode %(year)s hanya berisi nilai ringkasan, tanpa penugasan.") % {"year": period.year}
            )
        if Assignment.objects.filter(period=period).exists():
            raise StateError(_("Periode %(year)s sudah memiliki penugasan.") % {"year": period.year})
        rows = assignments_from_answers(period)
        if rows:
            bulk_create_with_history(
                rows, Assignment, default_user=user, default_change_reason=audit.event(audit.ASSIGNMENTS_FROM_ANSWERS)
            )
    return rows
