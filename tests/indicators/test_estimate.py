"""The estimate across a crosswalk (issue 14), on hand-computed cases: pure, no database."""

from decimal import Decimal as D

from indicators import scoring

# Source: four indicators, weights 1, 2, 3, 4 (aspect 1 holds all). Target: three indicators 50/30/20.
SOURCE = scoring.Structure(
    indicators=tuple(scoring.IndicatorSpec(n, D(w), 1) for n, w in [(1, "1"), (2, "2"), (3, "3"), (4, "4")]),
    aspects=(scoring.AspectSpec(1, D(10), None),),
)
TARGET = scoring.Structure(
    indicators=tuple(scoring.IndicatorSpec(n, D(w), 1) for n, w in [(1, "50"), (2, "30"), (3, "20")]),
    aspects=(scoring.AspectSpec(1, D(100), None),),
)
PRIMARIES = {1: (1, 2), 2: (3,)}  # target 3 has no primary counterpart


def test_all_levels_three_give_three_and_coverage_of_weights_with_a_counterpart():
    result = scoring.estimate(SOURCE, {1: 3, 2: 3, 3: 3, 4: 3}, PRIMARIES, TARGET)
    assert result.indicators == {1: D(3), 2: D(3), 3: None}
    assert result.index == D(3)
    assert result.coverage == D("0.8")  # (50 + 30) / 100


def test_weighted_by_source_weights_then_target_weights():
    # target 1: (1·2 + 2·5) / (1 + 2) = 12/3 = 4; target 2: level 1 → 1
    # index = (50·4 + 30·1) / 80 = 230/80 = 2.875
    result = scoring.estimate(SOURCE, {1: 2, 2: 5, 3: 1, 4: 5}, PRIMARIES, TARGET)
    assert result.indicators[1] == D(4)
    assert result.indicators[2] == D(1)
    assert result.index == D("2.875")


def test_missing_level_is_left_out_never_a_zero():
    # target 1 from indicator 2 only (indicator 1 not assessed): 5; target 2: no level → None
    result = scoring.estimate(SOURCE, {2: 5}, PRIMARIES, TARGET)
    assert result.indicators == {1: D(5), 2: None, 3: None}
    assert result.index == D(5)
    assert result.coverage == D("0.5")


def test_nothing_to_estimate():
    result = scoring.estimate(SOURCE, {}, PRIMARIES, TARGET)
    assert result.index is None and result.coverage == 0


def test_real_weights_all_threes():
    """Pemdi weights with a primary counterpart in the shipped crosswalk add up to 64 of 100."""
    pemdi_weights = {1: 5, 2: 5, 3: 5, 4: 5, 5: 5, 6: 3, 7: 3, 8: 4, 9: 4, 10: 4}
    pemdi_weights |= {11: 3, 12: 4, 13: 5, 14: 5, 15: 4, 16: 4, 17: 4, 18: 3, 19: 10, 20: 15}
    target = scoring.Structure(
        indicators=tuple(scoring.IndicatorSpec(n, D(w), 1) for n, w in pemdi_weights.items()),
        aspects=(scoring.AspectSpec(1, D(100), None),),
    )
    source = scoring.Structure(
        indicators=tuple(scoring.IndicatorSpec(n, D("1.3") if n <= 10 else D("2.5"), 1) for n in range(1, 48)),
        aspects=(scoring.AspectSpec(1, D(100), None),),
    )
    primaries = {1: (11, 12, 19), 2: (28,), 3: (25,), 4: (20,), 5: (23,), 9: (29, 30, 31), 10: (22,)}
    primaries |= {13: (15,), 14: (16, 17), 15: (14,), 16: (18,), 18: (43,), 19: (42,)}
    result = scoring.estimate(source, dict.fromkeys(range(1, 48), 3), primaries, target)
    assert result.index == D(3)
    assert result.coverage == D(64) / D(100)
