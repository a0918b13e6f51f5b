"""The EvidenceUse summary the review flags read: kept in step with every attachment written or
removed, equal to a rebuild from scratch, and what the flags see after a removal."""

import pytest

from evaluations.answers import flags, uses
from evaluations.models import EvidenceUse
from tests.evaluations.test_review_flags import answer_of, attach, stored_file, years  # noqa: F401
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def live():
    return {(u.period_id, u.indicator_id, u.key): u.uses for u in EvidenceUse.objects.all()}


def test_counts_follow_attachments_and_equal_a_rebuild(years):  # noqa: F811
    last, current, ind, unit = years
    perda = stored_file("Perda.pdf")
    a1 = answer_of(current, ind[1], unit, 2)
    a3 = answer_of(current, ind[3], unit, 2)
    old = answer_of(last, ind[1], unit, 2)
    first = attach(a1, "Perda", file=perda)
    attach(a3, "Perda", file=perda)
    attach(old, "Perda", file=perda)
    attach(a1, "Portal", url="https://contoh.go.id/a")
    attach(a3, "Portal", url="https://contoh.go.id/a")
    key = uses.use_key(perda.pk, "")
    assert live()[(current.pk, ind[1].pk, key)] == 1
    assert live()[(last.pk, ind[1].pk, key)] == 1
    assert live()[(current.pk, ind[3].pk, uses.use_key(None, "https://contoh.go.id/a"))] == 1
    assert len(live()) == 5

    before = live()
    assert uses.rebuild() == 5
    assert live() == before

    first.delete()
    assert (current.pk, ind[1].pk, key) not in live()  # the last use gone: no row with 0
    after = live()
    uses.rebuild()
    assert live() == after


def test_a_second_use_counts_twice_and_one_removal_keeps_the_row(years):  # noqa: F811
    _last, current, ind, unit = years
    perda = stored_file("Perda.pdf")
    other = make_unit("DISKOMINFO")
    one = attach(answer_of(current, ind[2], unit, 2), "Perda", file=perda)
    attach(answer_of(current, ind[2], other, 2), "Perda", file=perda)
    key = uses.use_key(perda.pk, "")
    assert live()[(current.pk, ind[2].pk, key)] == 2
    one.delete()
    assert live()[(current.pk, ind[2].pk, key)] == 1


def test_flag_across_aspects_goes_when_the_other_use_is_removed(years):  # noqa: F811
    _last, current, ind, unit = years
    perda = stored_file("Perda.pdf")
    a1 = answer_of(current, ind[1], unit, 2)
    elsewhere = attach(answer_of(current, ind[4], unit, 2), "Perda", file=perda)
    attach(a1, "Perda", file=perda)
    assert flags.ACROSS_ASPECTS in {f.code for f in flags.flags_for([a1], current)[a1.pk]}
    elsewhere.delete()
    assert flags.ACROSS_ASPECTS not in {f.code for f in flags.flags_for([a1], current)[a1.pk]}


def test_use_keys():
    assert uses.use_key(7, "") == "f7"
    assert uses.use_key(None, "https://a.go.id") == "u" + __import__("hashlib").sha256(b"https://a.go.id").hexdigest()
    assert len(uses.use_key(None, "x" * 1000)) == 65
