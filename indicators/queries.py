"""Reads for the framework pages, each in a fixed number of queries (the query-count tests pin them)."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404

from indicators.models import Aspect, Domain, Indicator, LevelCriterion, Scale, ScaleLevel


@dataclass
class AspectNode:
    aspect: Aspect
    indicators: list = field(default_factory=list)


@dataclass
class DomainNode:
    domain: Domain | None  # None: a framework without domains
    aspects: list = field(default_factory=list)


def _scales(framework):
    scales = Scale.objects.filter(framework=framework).prefetch_related(
        Prefetch("levels", queryset=ScaleLevel.objects.order_by("level"))
    )
    return {scale.pk: scale for scale in scales}


def framework_tree(framework):
    """Domains → aspects → indicators (with criteria), bands and scales: six queries."""
    scales = _scales(framework)  # 2 queries
    domains = list(Domain.objects.filter(framework=framework).order_by("number"))
    aspects = list(Aspect.objects.filter(framework=framework).order_by("number"))
    indicators = list(
        Indicator.objects.filter(framework=framework)
        .order_by("number")
        .prefetch_related(Prefetch("criteria", queryset=LevelCriterion.objects.order_by("level")))
    )  # 2 queries
    bands = list(framework.bands.order_by("-lower"))
    aspect_nodes = {a.pk: AspectNode(a) for a in aspects}
    for indicator in indicators:
        indicator.scale_obj = scales.get(indicator.scale_id)
        indicator.level_rows = _level_rows(indicator, indicator.scale_obj)
        aspect_nodes[indicator.aspect_id].indicators.append(indicator)
    if domains:
        domain_nodes = {d.pk: DomainNode(d) for d in domains}
        for aspect in aspects:
            if aspect.domain_id in domain_nodes:
                domain_nodes[aspect.domain_id].aspects.append(aspect_nodes[aspect.pk])
        tree = list(domain_nodes.values())
    else:
        tree = [DomainNode(None, list(aspect_nodes.values()))]
    return {
        "framework": framework,
        "tree": tree,
        "bands": bands,
        "scales": list(scales.values()),
        "indicator_count": len(indicators),
        "has_domains": bool(domains),
    }


@dataclass
class LevelRow:
    level: int
    name: str  # the scale's name of this level ("Rintisan"), "" when it is only "Tingkat n"
    description: str  # the scale's generic description of the level
    criterion: str  # the indicator's own criterion, "" when the framework has none yet


def _level_rows(indicator, scale):
    """A LevelRow for each level 1–5 (from the prefetched scale levels and criteria)."""
    levels = {lv.level: lv for lv in scale.levels.all()} if scale else {}
    criteria = {c.level: c.criterion for c in indicator.criteria.all()}
    rows = []
    for n in range(1, 6):
        scale_level = levels.get(n)
        name = scale_level.name if scale_level else ""
        rows.append(
            LevelRow(
                level=n,
                name="" if name.strip().lower() == f"tingkat {n}" else name,
                description=scale_level.description if scale_level else "",
                criterion=criteria.get(n, ""),
            )
        )
    return rows


def indicator_page(framework, number):
    """One indicator with its hierarchy, scale levels and criteria, and its neighbours: five queries."""
    try:
        indicator = (
            Indicator.objects.filter(framework=framework, number=number)
            .select_related("aspect", "aspect__domain", "scale")
            .prefetch_related(
                Prefetch("criteria", queryset=LevelCriterion.objects.order_by("level")),
                Prefetch("scale__levels", queryset=ScaleLevel.objects.order_by("level")),
            )
            .get()
        )
    except Indicator.DoesNotExist:
        raise Http404 from None
    numbers = list(Indicator.objects.filter(framework=framework).order_by("number").values_list("number", flat=True))
    position = numbers.index(indicator.number)
    return {
        "framework": framework,
        "indicator": indicator,
        "level_rows": _level_rows(indicator, indicator.scale),
        "has_criteria": bool(indicator.criteria.all()),
        "previous_number": numbers[position - 1] if position > 0 else None,
        "next_number": numbers[position + 1] if position + 1 < len(numbers) else None,
    }
