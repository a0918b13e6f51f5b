"""indicators.scoring: the regulation's formulas, predicates, what-if, gains and goal-seek (no database)."""

import itertools
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators import scoring
from indicators.scoring import AspectSpec, BandSpec, DomainSpec, IndicatorSpec, Structure

D = Decimal
FRAMEWORKS = Path(__file__).resolve().parents[2] / "indicators" / "frameworks"


def structure_from_file(name):
    """The Structure of a shipped framework file, read without the database."""
    data = json.loads((FRAMEWORKS / name).read_text(encoding="utf-8"))
    return Structure(
        indicators=tuple(IndicatorSpec(i["number"], D(i["weight"]), i["aspect"]) for i in data["indicators"]),
        aspects=tuple(AspectSpec(a["number"], D(a["weight"]), a["domain"], a["name"]) for a in data["aspects"]),
        domains=tuple(DomainSpec(d["number"], D(d["weight"]), d["name"]) for d in data["domains"]),
        bands=tuple(
            BandSpec(b["name"], D(b["lower"]), D(b["upper"]) if b["upper"] else None, b["colour"])
            for b in data["bands"]
        ),
    )


SPBE = structure_from_file("spbe-2020.json")
PEMDI = structure_from_file("pemdi-2026.json")


def levels(value, numbers=range(1, 48)):
    return dict.fromkeys(numbers, value)


# --- the regulation's worked example (reference §2) -------------------------------------------------


def test_worked_example_aspect_2_is_3_00():
    lv = levels(3) | {11: 3, 12: 4, 13: 3, 14: 2}
    result = scoring.compute(SPBE, lv)
    assert result.aspects[2] == D("3.00")


def test_worked_example_domain_2_is_3_40():
    # aspect 2 = 3.00 (levels 3, 4, 3, 2), aspect 3 = 4.00, aspect 4 = 3.00
    lv = levels(3) | {11: 3, 12: 4, 13: 3, 14: 2} | {15: 4, 16: 4, 17: 4, 18: 4} | {19: 3, 20: 3}
    result = scoring.compute(SPBE, lv)
    assert (result.aspects[2], result.aspects[3], result.aspects[4]) == (D(3), D(4), D(3))
    assert result.domains[2] == D("3.40")


def test_worked_example_index_from_domains_is_3_28():
    domains = {1: D("3.70"), 2: D("3.40"), 3: D("3.00"), 4: D("3.20")}
    weights = {d.number: d.weight for d in SPBE.domains}
    value = scoring.weighted_index((domains[n], weights[n]) for n in domains)
    # (3.70×13 + 3.40×25 + 3.00×16.5 + 3.20×45.5)/100 = 3.282, published with two decimals
    assert value == D("3.282")
    assert scoring.display(value) == "3.28"
    assert scoring.predicate_for(SPBE, value).name == "Baik"


def test_index_through_domains_equals_index_through_levels():
    lv = {n: 1 + (n * 7) % 5 for n in range(1, 48)}
    result = scoring.compute(SPBE, lv)
    through_domains = scoring.weighted_index((result.domains[d.number], d.weight) for d in SPBE.domains)
    assert abs(through_domains - result.index) < D("1e-20")
    assert result.index == sum(lv[i.number] * i.weight for i in SPBE.indicators) / 100


def test_domain_1_at_3_70_from_levels():
    lv = levels(3) | dict.fromkeys(range(1, 8), 4)  # seven 4s and three 3s over ten indicators of 1.30
    assert scoring.compute(SPBE, lv).domains[1] == D("3.70")


def test_all_fives_is_5_00_memuaskan_and_all_ones_is_1_00_kurang():
    top = scoring.compute(SPBE, levels(5))
    assert (top.index, top.index_display, top.predicate.name) == (D(5), "5.00", "Memuaskan")
    assert all(v == 5 for v in top.aspects.values()) and all(v == 5 for v in top.domains.values())
    bottom = scoring.compute(SPBE, levels(1))
    assert (bottom.index, bottom.index_display, bottom.predicate.name) == (D(1), "1.00", "Kurang")
    assert bottom.predicate.near_bound is None


def test_levels_giving_2_69_read_baik_like_kalsel_2023():
    # all at 2 (2.00), aspect 8 to level 5 (+18 × 0.03) and ten management indicators to 3 (+10 × 0.015)
    lv = levels(2) | dict.fromkeys(range(42, 48), 5) | dict.fromkeys(range(21, 31), 3)
    result = scoring.compute(SPBE, lv)
    assert result.index == D("2.69")
    assert (result.index_display, result.predicate.name, result.predicate.near_bound) == ("2.69", "Baik", None)


# --- predicates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "at", "below"),
    [
        ("1.80", "Cukup", "Kurang"),
        ("2.60", "Baik", "Cukup"),
        ("3.50", "Sangat Baik", "Baik"),
        ("4.20", "Memuaskan", "Sangat Baik"),
    ],
)
def test_spbe_bounds_are_inclusive_and_just_below_is_the_band_under(bound, at, below):
    assert scoring.predicate_for(SPBE.bands, D(bound)).name == at
    assert scoring.predicate_for(SPBE.bands, D(bound) - D("0.01")).name == below
    assert scoring.predicate_for(SPBE.bands, D(bound) - D("0.0001")).name == below


def test_three_point_four_nine_is_still_baik():
    assert scoring.predicate_for(SPBE, D("3.49")).name == "Baik"


def test_predicate_read_from_unrounded_value_with_a_hint_near_a_bound():
    value = D("3.4951")  # published as 3.50, still Baik
    predicate = scoring.predicate_for(SPBE.bands, value)
    assert scoring.display(value) == "3.50"
    assert predicate.name == "Baik" and predicate.near_bound == D("3.50")
    assert scoring.predicate_for(SPBE.bands, D("3.5049")).near_bound == D("3.50")
    assert scoring.predicate_for(SPBE.bands, D("3.495")).near_bound is None
    assert scoring.predicate_for(SPBE.bands, D("3.00")).near_bound is None


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("1.00", "Kurang"),
        ("1.4999", "Kurang"),
        ("1.50", "Cukup"),
        ("2.4999", "Cukup"),
        ("2.50", "Baik"),
        ("3.4999", "Baik"),
        ("3.50", "Sangat Baik"),
        ("3.9999", "Sangat Baik"),
        ("4.00", "Memuaskan"),
        ("5.00", "Memuaskan"),
    ],
)
def test_pemdi_bands(value, name):
    assert scoring.predicate_for(PEMDI.bands, D(value)).name == name


def test_pemdi_has_no_domains_and_all_threes_is_3_00_baik():
    result = scoring.compute(PEMDI, levels(3, range(1, 21)))
    assert result.domains == {}
    assert (result.index, result.predicate.name) == (D(3), "Baik")
    assert set(result.aspects) == set(range(1, 8))


# --- missing levels -------------------------------------------------------------------------------


def test_missing_levels_are_reported_never_counted_as_zero():
    lv = levels(4)
    del lv[12], lv[40]
    result = scoring.compute(SPBE, lv)
    assert result.index is None and result.predicate is None
    assert result.missing == (12, 40)
    assert result.aspects[2] is None and result.domains[2] is None
    assert result.aspects[1] == D(4) and result.domains[1] == D(4)
    assert result.aspects[7] is None and result.domains[4] is None
    assert not result.provisional


def test_provisional_index_floors_missing_at_level_1():
    lv = levels(3)
    del lv[44]  # weight 3.00
    result = scoring.compute(SPBE, lv, floor_missing=True)
    assert result.provisional and result.missing == (44,)
    assert result.index == D("2.94")  # 3 − 2 × 0.03
    assert not scoring.compute(SPBE, levels(3), floor_missing=True).provisional


def test_a_level_outside_1_to_5_is_refused():
    with pytest.raises(ValueError, match="indikator 3"):
        scoring.compute(SPBE, levels(3) | {3: 0})
    with pytest.raises(ValueError):
        scoring.compute(SPBE, levels(3) | {3: 6})


@pytest.mark.parametrize("bad", [True, 2.0, "3", Decimal(3), [3]])
def test_a_level_that_is_not_a_whole_number_is_refused(bad):
    with pytest.raises(ValueError, match="indikator 5"):
        scoring.compute(SPBE, levels(3) | {5: bad})


def test_an_int_subclass_level_counts_as_its_value():
    import enum

    class Level(enum.IntEnum):
        TIGA = 3

    assert scoring.compute(SPBE, levels(3) | {5: Level.TIGA}).index == D(3)


def test_index_is_the_weighted_sum_to_the_last_digit():
    """The looked-up points give the same Decimal as multiplying each level by its weight."""
    lv = {n: (n * 7) % 5 + 1 for n in range(1, 48)}
    expected = sum((level * SPBE.indicator(n).weight for n, level in lv.items()), Decimal(0)) / 100
    result = scoring.compute(SPBE, lv)
    assert result.index == expected and str(result.index) == str(expected)


def test_display_rounds_half_up():
    assert scoring.display(D("2.685")) == "2.69"
    assert scoring.display(D("2.6849")) == "2.68"
    assert scoring.display(None) == ""


# --- what-if, gains ------------------------------------------------------------------------------


def test_what_if_gives_new_index_predicate_and_changes_per_domain_and_aspect():
    lv = levels(3)
    result = scoring.what_if(SPBE, lv, {44: 5, 45: 5, 1: 4})
    assert result.before.index == D(3)
    assert result.delta_index == D("0.1330")  # 2 × 3.00 × 2 / 100 + 1.30 / 100
    assert result.after.index == D("3.1330")
    assert result.after.predicate.name == "Baik"
    assert abs(result.delta_aspects[8] - D(12) / 18) < D("1e-20")
    assert result.delta_aspects[2] == 0
    assert result.delta_domains[1] == D("0.1")
    assert not result.provisional


def test_what_if_floors_missing_levels_and_says_so():
    lv = levels(3)
    del lv[47]
    result = scoring.what_if(SPBE, lv, {47: 3})
    assert result.before.provisional and not result.after.provisional
    assert result.delta_index == D("0.06")


def test_gains_biggest_first_and_nothing_for_level_5():
    lv = levels(5) | {1: 2, 11: 4, 42: 1}
    rows = scoring.gains(SPBE, lv)
    assert [(g.indicator, g.current, g.gain_per_step) for g in rows] == [
        (42, 1, D("0.03")),
        (11, 4, D("0.025")),
        (1, 2, D("0.013")),
    ]


# --- goal-seek -----------------------------------------------------------------------------------


def test_goal_seek_from_all_twos_to_baik():
    seek = scoring.goal_seek(SPBE, levels(2), D("2.60"))
    assert seek.reached and seek.start_index == D(2)
    assert seek.final_index >= D("2.60")
    # 0.60 needs 20 steps of the heaviest (3.00) indicators: 6 indicators × 3 steps = 18, then 2.75s
    assert len(seek.steps) == 21
    assert [s.gain for s in seek.steps] == sorted((s.gain for s in seek.steps), reverse=True)
    assert seek.steps[0] == scoring.Step(42, 2, 3, D("0.03"))


def test_goal_seek_already_there_needs_no_step():
    seek = scoring.goal_seek(SPBE, levels(4), D("3.50"))
    assert seek.reached and seek.steps == [] and seek.final_index == D(4)


def test_goal_seek_unreachable_says_so_and_gives_best_reachable():
    caps = dict.fromkeys(range(1, 48), 3)
    seek = scoring.goal_seek(SPBE, levels(2), D("3.50"), caps=caps)
    assert not seek.reached
    assert seek.final_index == D(3)
    assert len(seek.steps) == 47
    assert all(step.to_level <= 3 for step in seek.steps)


def test_goal_seek_counts_missing_levels_from_1():
    seek = scoring.goal_seek(SPBE, {}, D("1.03"))
    assert seek.start_index == D(1)
    assert seek.steps == [scoring.Step(42, 1, 2, D("0.03"))]


WEIGHTS = st.sampled_from([D("1.30"), D("2.50"), D("1.50"), D("2.75"), D("3.00"), D("10"), D("0.5")])


@st.composite
def planning_cases(draw):
    count = draw(st.integers(min_value=1, max_value=5))
    weights = [draw(WEIGHTS) for _ in range(count)]
    structure = Structure(
        indicators=tuple(IndicatorSpec(n, w, 1) for n, w in enumerate(weights, 1)),
        aspects=(AspectSpec(1, sum(weights), None),),
    )
    present = [n for n in range(1, count + 1) if draw(st.booleans())]  # the others are missing
    lv = {n: draw(st.integers(1, 5)) for n in present}
    caps = draw(st.none() | st.dictionaries(st.integers(1, count), st.integers(1, 5)))
    target = draw(st.decimals(min_value=1, max_value=5, places=2))
    return structure, lv, caps, target


def _reachable_with(structure, lv, caps, max_steps):
    """The best index any combination of at most ``max_steps`` +1 steps reaches (brute force)."""
    specs = structure.indicators
    room = [max(0, min(5, (caps or {}).get(s.number, 5)) - lv.get(s.number, 1)) for s in specs]
    start = scoring.compute(structure, lv, floor_missing=True).index
    best = start
    for counts in itertools.product(*(range(r + 1) for r in room)):
        if sum(counts) <= max_steps:
            best = max(best, start + sum(c * s.weight / 100 for c, s in zip(counts, specs, strict=True)))
    return best


@settings(max_examples=200, deadline=None)
@given(planning_cases())
def test_goal_seek_is_minimal_and_keeps_caps(case):
    structure, lv, caps, target = case
    seek = scoring.goal_seek(structure, lv, target, caps=caps)
    final = dict(lv)
    for step in seek.steps:
        assert step.to_level == step.from_level + 1
        assert final.get(step.indicator, 1) == step.from_level
        final[step.indicator] = step.to_level
        assert step.to_level <= 5
        if caps and step.indicator in caps:
            assert step.to_level <= caps[step.indicator]
    assert [s.gain for s in seek.steps] == sorted((s.gain for s in seek.steps), reverse=True)
    reached_index = scoring.compute(structure, final, floor_missing=True).index
    assert reached_index == seek.final_index
    if seek.reached:
        assert seek.final_index >= target
        if seek.steps:  # no smaller set of steps reaches the target
            assert _reachable_with(structure, lv, caps, len(seek.steps) - 1) < target
    else:
        assert seek.final_index < target
        assert seek.final_index == _reachable_with(structure, lv, caps, 10**6)


def _by_the_formula(structure, lv, floor_missing):
    """The regulation's formulas written out plainly, as the reference for ``compute``."""
    used = {s.number: (lv.get(s.number) or (1 if floor_missing else None)) for s in structure.indicators}
    missing = tuple(s.number for s in structure.indicators if lv.get(s.number) is None)

    def points(specs):
        values = [used[s.number] for s in specs]
        return None if None in values else sum((v * s.weight for v, s in zip(values, specs, strict=True)), D(0))

    aspects = {}
    for aspect in structure.aspects:
        p = points([s for s in structure.indicators if s.aspect == aspect.number])
        aspects[aspect.number] = None if p is None else p / aspect.weight
    domains = {}
    for domain in structure.domains:
        members = {a.number for a in structure.aspects if a.domain == domain.number}
        p = points([s for s in structure.indicators if s.aspect in members])
        domains[domain.number] = None if p is None else p / domain.weight
    total = points(list(structure.indicators))
    return (None if total is None else total / 100), aspects, domains, missing


@settings(max_examples=300, deadline=None)
@given(
    which=st.sampled_from(["spbe", "pemdi"]),
    chosen=st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=47, max_size=47),
    floor_missing=st.booleans(),
)
def test_compute_agrees_with_the_formulas_written_out(which, chosen, floor_missing):
    structure = SPBE if which == "spbe" else PEMDI
    lv = {
        s.number: level for s, level in zip(structure.indicators, chosen, strict=False) if level is not None
    }  # Pemdi: first 20
    result = scoring.compute(structure, lv, floor_missing=floor_missing)
    index, aspects, domains, missing = _by_the_formula(structure, lv, floor_missing)
    assert result.missing == missing
    assert result.aspects == aspects and result.domains == domains
    assert result.index == index and str(result.index) == str(index)


# --- boundaries: a rounded figure never claims a band the exact value has not reached ----------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("3.495", "3.495"),  # "3.50" would claim Sangat Baik
        ("2.9475", "2.95"),  # no bound near: two decimals
        ("3.405", "3.41"),
        ("4.195", "4.195"),  # "4.20" would claim Memuaskan
        ("3.50", "3.50"),  # exactly on the bound: it is Sangat Baik
        ("3.4995", "3.4995"),  # three decimals also round up: as many as needed
        ("2.5951", "2.595"),  # Cukup/Baik at 2.60
        ("3.4949", "3.49"),
    ],
)
def test_display_index_never_rounds_into_a_band_not_reached(value, shown):
    assert scoring.display_index(D(value), SPBE) == shown
    assert scoring.predicate_for(SPBE, D(value)).name == scoring.predicate_for(SPBE, D(shown)).name


def test_boundary_gives_the_exact_distance_to_the_next_band():
    near = scoring.boundary(D("3.495"), SPBE)
    assert (near.band.name, near.distance, near.distance_display) == ("Sangat Baik", D("0.005"), "0.005")
    near = scoring.boundary(D("4.195"), SPBE.sorted_bands)
    assert (near.band.name, near.distance_display) == ("Memuaskan", "0.005")
    assert scoring.boundary(D("3.4995"), SPBE).distance_display == "0.0005"
    assert scoring.boundary(D("3.50"), SPBE) is None
    assert scoring.boundary(D("2.9475"), SPBE) is None
    assert scoring.boundary(None, SPBE) is None
    assert scoring.display_index(None, SPBE) == ""
