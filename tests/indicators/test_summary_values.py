"""The index from published summary values (domain or aspect indices), pure: no database."""

from decimal import Decimal

import pytest

from indicators import scoring
from indicators.summary_values import format_summary_values, parse_summary_values

D = Decimal


def spbe_structure():
    """SPBE 2020's domains and aspects with the regulation's weights (Tabel 3–9)."""
    domains = tuple(scoring.DomainSpec(n, D(w)) for n, w in ((1, "13"), (2, "25"), (3, "16.5"), (4, "45.5")))
    aspects = tuple(
        scoring.AspectSpec(n, D(w), d)
        for n, w, d in (
            (1, "13", 1),
            (2, "10", 2),
            (3, "10", 2),
            (4, "5", 2),
            (5, "12", 3),
            (6, "4.5", 3),
            (7, "27.5", 4),
            (8, "18", 4),
        )
    )
    return scoring.Structure(indicators=(), aspects=aspects, domains=domains)


def pemdi_like():
    """Aspects without domains (weights that do not add up to 100, to check the Σ weights)."""
    aspects = tuple(scoring.AspectSpec(n, D(w), None) for n, w in ((1, "20"), (2, "30"), (3, "10")))
    return scoring.Structure(indicators=(), aspects=aspects)


def test_the_regulations_worked_example_3_28():
    # Bab II.B.4: domains 3.70 / 3.40 / 3.00 / 3.20 → (3.70×13 + 3.40×25 + 3.00×16.5 + 3.20×45.5)/100
    index = scoring.index_from_domains(spbe_structure(), {1: D("3.70"), 2: D("3.40"), 3: D("3.00"), 4: D("3.20")})
    assert index == D("3.282")  # by hand: 48.1 + 85 + 49.5 + 145.6 = 328.2 / 100
    assert scoring.display(index) == "3.28"


def test_the_cli_example_of_the_issue_by_hand():
    # 3.50×13 + 2.70×25 + 2.73×16.5 + 4.01×45.5 = 45.5 + 67.5 + 45.045 + 182.455 = 340.5 → 3.405
    index = scoring.index_from_domains(spbe_structure(), parse_summary_values("1=3.50,2=2.70,3=2.73,4=4.01"))
    assert index == D("3.405")
    assert scoring.display_index(index, ()) == "3.41"


def test_aspects_weighted_by_their_own_sum_of_weights():
    # (3×20 + 4×30 + 2×10) / 60 = 200/60
    index = scoring.index_from_aspects(pemdi_like(), {1: D(3), 2: D(4), 3: D(2)})
    assert index == D(200) / D(60)


def test_aspect_values_of_spbe_give_the_same_index_as_its_domain_values():
    aspects = {1: D("3.70"), 2: D(3), 3: D(4), 4: D(3), 5: D(3), 6: D(3), 7: D("3.2"), 8: D("3.2")}
    domains = {1: D("3.70"), 2: D("3.40"), 3: D(3), 4: D("3.2")}
    assert scoring.index_from_aspects(spbe_structure(), aspects) == scoring.index_from_domains(
        spbe_structure(), domains
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({1: D(3), 2: D(3), 3: D(3)}, "domain 4 tidak diberi nilai"),
        ({1: D(3), 2: D(3), 3: D(3), 4: D(3), 5: D(3)}, "domain 5 tidak ada dalam kerangka"),
        ({1: D(3), 2: D(3), 3: D(3), 4: D("5.01")}, "domain 4: nilai 5.01 di luar 1–5"),
        ({1: D(3), 2: D(3), 3: D(3), 4: D("0.99")}, "domain 4: nilai 0.99 di luar 1–5"),
    ],
)
def test_bad_domain_values_are_refused_naming_the_domain(values, message):
    with pytest.raises(ValueError, match=message):
        scoring.index_from_domains(spbe_structure(), values)


def test_a_framework_without_domains_asks_for_aspect_values():
    with pytest.raises(ValueError, match="tidak memiliki domain"):
        scoring.index_from_domains(pemdi_like(), {1: D(3)})


@pytest.mark.parametrize(
    ("published", "computed", "flagged"),
    [
        ("3.28", "3.2770", False),  # rounding explains 0.003
        ("3.28", "3.275", False),  # exactly 0.005: still rounding
        ("3.28", "3.2749", True),  # more than 0.005
        ("3.30", "3.2770", True),
        (None, "3.2770", False),
        ("3.28", None, False),
    ],
)
def test_published_and_computed_disagree_beyond_0_005(published, computed, flagged):
    as_decimal = lambda v: None if v is None else D(v)  # noqa: E731
    assert scoring.disagrees(as_decimal(published), as_decimal(computed)) is flagged


def test_rank_among_others_highest_first_ties_share():
    assert scoring.rank_among(D("2.69"), [D("2.75"), D("2.91"), D("1.00")]) == scoring.Rank(3, 4)
    assert scoring.rank_among(D("3.79"), [D("2.75"), D("2.91")]) == scoring.Rank(1, 3)
    assert scoring.rank_among(D("2.75"), [D("2.75"), D("2.91")]) == scoring.Rank(2, 3)
    assert scoring.rank_among(None, [D("2.75")]) is None
    assert scoring.rank_among(D("2.5"), [None, D("3")]) == scoring.Rank(2, 2)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "tidak ada nilai domain"),
        ("1=3.50,2", "bagian 2 '2': harus berbentuk nomor=nilai"),
        ("1=3.50,x=2.70", "bagian 2 'x=2.70': nomor domain 'x' bukan bilangan bulat"),
        ("1=3.50,2=2,70", "bagian 3 '70': harus berbentuk nomor=nilai"),
        ("1=3.50,2=abc", "bagian 2 '2=abc': nilai 'abc' bukan angka"),
        ("1=3.50,1=2.70", "bagian 2 '1=2.70': domain 1 disebut dua kali"),
        ("1=NaN", "bagian 1 '1=NaN': nilai 'NaN' bukan angka"),
    ],
)
def test_parse_names_the_bad_part(text, message):
    with pytest.raises(ValueError, match=message):
        parse_summary_values(text)


def test_parse_and_format_round_trip():
    values = parse_summary_values(" 1 = 3.50 , 2=2.70,3=2.73,4=4.01")
    assert values == {1: D("3.50"), 2: D("2.70"), 3: D("2.73"), 4: D("4.01")}
    assert format_summary_values({"2": "2.70", "1": "3.50"}) == "1=3.50,2=2.70"
