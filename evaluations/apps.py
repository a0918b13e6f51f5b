from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def framework_used_by_final_period(framework):
    """Lock check for ``indicators.locks``: a framework behind a final period's results stays as it is."""
    from evaluations.models import Period

    years = list(
        Period.objects.filter(framework=framework, status=Period.Status.FINAL)
        .order_by("year")
        .values_list("year", flat=True)
    )
    if years:
        return _("Kerangka ini dipakai oleh periode final: %s.") % ", ".join(str(y) for y in years)
    return None


def framework_used_by_periods(framework):
    """Usage check for ``indicators.revisions``: periods compute their indices with this framework,
    so its weights, structure and bands change only through a preview of the impact and a confirmation."""
    from evaluations.models import Period

    years = list(
        Period.objects.filter(framework=framework, is_summary_only=False)
        .order_by("year")
        .values_list("year", flat=True)
    )
    if years:
        return _("Kerangka ini dipakai oleh periode: %s.") % ", ".join(str(y) for y in years)
    return None


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluasi")

    def ready(self):
        from evaluations.answers import uses  # noqa: F401  (its signal handlers keep EvidenceUse in step)
        from evaluations.frameworks.impact import keep_recorded_finals, period_impact
        from indicators.locks import register_lock_check
        from indicators.revisions import register_before_change, register_impact, register_usage_check

        register_lock_check(framework_used_by_final_period)
        register_impact(period_impact)
        register_before_change(keep_recorded_finals)
        register_usage_check(framework_used_by_periods)
