"""The one place that answers "may this user see / change this object".

Every view, service function, export and download asks here. Objects from ``evaluations`` are
read by their attributes (``unit_id``, ``indicator.aspect_id``, ``period``), so this module does
not import ``evaluations``: the dependency keeps pointing evaluations → skpd → indicators.

Who may do what:
- officer: sees and changes only their own unit's answers and evidence (and, when their unit leads
  an indicator, sees the contributing units' answers to it); reads the framework;
- reviewer: sees every answer in their aspect scope (all aspects when none is set), reviews them,
  records stage results, reads dashboards and reports;
- executive: reads dashboards, reports and answers; changes nothing;
- administrator: everything, including frameworks, periods, units, people and assignments.
"""

from skpd.roles import Role, profile_of, role_of, unit_of

READERS_OF_EVERYTHING = {Role.ADMIN, Role.EXECUTIVE}
DASHBOARD_ROLES = {Role.ADMIN, Role.REVIEWER, Role.EXECUTIVE}


def has_role(user, *roles):
    return role_of(user) in roles


def is_admin(user):
    return role_of(user) == Role.ADMIN


def can_manage(user):
    """Frameworks, periods, units, people and assignments."""
    return role_of(user) == Role.ADMIN


def can_manage_frameworks(user):
    """Upload a framework file, confirm its change, export it, read the frameworks' history."""
    return role_of(user) == Role.ADMIN


def can_manage_units(user):
    """Create, edit and import work units (SKPD)."""
    return role_of(user) == Role.ADMIN


def can_manage_people(user):
    """Create accounts, give them a role, a unit and a review scope, set their password."""
    return role_of(user) == Role.ADMIN


def can_manage_assignments(user):
    """Who answers which indicator in a period (lead and contributing units)."""
    return role_of(user) == Role.ADMIN


def can_view_assignments(user):
    """The whole period's assignment table; officers see their own indicators in their work list."""
    return role_of(user) in DASHBOARD_ROLES


def can_view_framework(user):
    return role_of(user) is not None


def can_view_dashboard(user):
    return role_of(user) in DASHBOARD_ROLES


def can_record_results(user):
    """Stage results (dokumen, interviu, visitasi, final) and period summaries."""
    return role_of(user) in (Role.ADMIN, Role.REVIEWER)


def can_record_summary(user):
    """A summary-only year's published index and domain values: administrators and reviewers without
    an aspect scope (the values span every aspect, so a reviewer limited to some may not set them)."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return role == Role.REVIEWER and reviewer_aspect_ids(user) is None


def reviewer_aspect_ids(user):
    """The aspect ids a reviewer is limited to, or None when they may review every aspect."""
    if role_of(user) != Role.REVIEWER:
        return None
    profile = profile_of(user)
    if profile is None:
        return None
    cached = getattr(profile, "_aspect_ids", None)
    if cached is None:
        cached = frozenset(profile.review_aspects.values_list("id", flat=True))
        profile._aspect_ids = cached
    return cached or None


def _aspect_in_scope(user, indicator):
    scope = reviewer_aspect_ids(user)
    return scope is None or indicator.aspect_id in scope


def can_view_indicator_work(user, indicator):
    """Reviewer scope applies to everything tied to an indicator (answers, results, evidence)."""
    role = role_of(user)
    if role in READERS_OF_EVERYTHING:
        return True
    if role == Role.REVIEWER:
        return _aspect_in_scope(user, indicator)
    return False


def can_view_unit(user, unit):
    role = role_of(user)
    if role in DASHBOARD_ROLES:
        return True
    if role == Role.OFFICER:
        own = unit_of(user)
        return own is not None and own.pk == unit.pk
    return False


def can_view_answer(user, answer, *, lead_unit_id=None, contributor_unit_ids=()):
    """``lead_unit_id``: the indicator's lead unit in the answer's period, when the caller knows it
    (the lead unit reads its contributors' answers). ``contributor_unit_ids``: the units assigned to
    contribute to it (each reads the lead unit's answer, read-only)."""
    role = role_of(user)
    if role in READERS_OF_EVERYTHING:
        return True
    if role == Role.REVIEWER:
        return _aspect_in_scope(user, answer.indicator)
    if role == Role.OFFICER:
        own = unit_of(user)
        if own is None:
            return False
        if answer.unit_id == own.pk or (lead_unit_id is not None and lead_unit_id == own.pk):
            return True
        return lead_unit_id is not None and answer.unit_id == lead_unit_id and own.pk in contributor_unit_ids
    return False


def can_edit_answer(user, answer):
    """Only an officer of the answering unit writes the answer itself (level, explanation, evidence)."""
    if role_of(user) != Role.OFFICER:
        return False
    own = unit_of(user)
    return own is not None and answer.unit_id == own.pk


def can_review_answer(user, answer):
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    return role == Role.REVIEWER and _aspect_in_scope(user, answer.indicator)


def can_view_evidence(user, evidence, *, lead_unit_id=None, contributor_unit_ids=()):
    return can_view_answer(user, evidence.answer, lead_unit_id=lead_unit_id, contributor_unit_ids=contributor_unit_ids)


def can_export_period(user):
    """Whole-period exports and reports (Excel, CSV, brief)."""
    return role_of(user) in DASHBOARD_ROLES


def can_reopen_period(user):
    return role_of(user) == Role.ADMIN


# --- answering, reviewing, periods --------------------------------------------------------------


def is_officer(user):
    """Officers answer for their own unit: their pages open their unit's answer, not the lead's."""
    return role_of(user) == Role.OFFICER


def officer_unit(user):
    """The unit an officer answers for; None for other roles (and officers without a unit)."""
    return unit_of(user) if role_of(user) == Role.OFFICER else None


def can_use_worklist(user):
    """The work list is an officer's, of their unit's assigned indicators."""
    return officer_unit(user) is not None


def can_answer_for_unit(user, unit):
    """Only an officer of ``unit`` opens (and so creates) its answers."""
    own = officer_unit(user)
    return own is not None and own.pk == unit.pk


def can_view_review_queue(user):
    """The review queue and its bulk verify are the reviewers' (and administrators') work list."""
    return role_of(user) in (Role.REVIEWER, Role.ADMIN)


def can_view_periods(user):
    """Every role sees the period list (officers only the periods open to them, without scores)."""
    return role_of(user) is not None


def can_view_indicator_report(user, indicator, answering_unit_ids):
    """An indicator's report page: dashboard roles by their indicator scope; an officer when their
    unit answers the indicator in the period (``answering_unit_ids``: the period's assigned units)."""
    if can_view_indicator_work(user, indicator):
        return True
    own = officer_unit(user)
    return own is not None and own.pk in set(answering_unit_ids)


def can_open_indicator_reports(user):
    """Whether indicator report links are worth showing: dashboard roles and officers (for their own)."""
    return can_view_dashboard(user) or is_officer(user)


# --- planning -----------------------------------------------------------------------------------


def can_simulate(user):
    """What-if, saved plans and the road to target: the dashboard roles."""
    return can_view_dashboard(user)


def can_save_plans(user):
    """Reviewers and administrators. Executives stay read-only (they simulate and ask Diskominfo)."""
    return role_of(user) in (Role.ADMIN, Role.REVIEWER)


def can_set_caps(user, indicator=None):
    """Feasible caps (``PeriodIndicator.feasible_max``): administrators, and reviewers within their
    aspect scope. Without ``indicator``: whether the user may set any cap at all."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    if role != Role.REVIEWER:
        return False
    return indicator is None or _aspect_in_scope(user, indicator)
