"""The reviewer's flow: the queue's default is what its filter shows, counts, filters scoped to the
period's framework, flags with a filter and a sort, the filter kept on the way to an answer and back,
"next in queue" after each decision, and the note a verification needs below the proposed level or
without evidence. Query counts of the queue with flags at two sizes."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from evaluations import errors
from evaluations.answers import flags, services
from evaluations.models import Answer, Evidence, EvidenceFile, Notification
from skpd.roles import Role
from tests.factories import make_answer, make_framework, make_period, make_stage_result, make_unit, make_user

pytestmark = pytest.mark.django_db

QUEUE = reverse("periods:review_queue")


@pytest.fixture
def world():
    """2025 final (level 2 everywhere) and 2026 open on the mini framework; two units; a Pemdi-like
    framework's period in 2024 so its aspects exist. Unit "Zeta" sorts last by the name it shows."""
    framework = make_framework()
    ind = {i.number: i for i in framework.indicators.select_related("aspect")}
    last = make_period(framework, year=2025, status="final")
    for number in ind:
        make_stage_result(last, ind[number], 2)
    period = make_period(framework, year=2026, status="open", self_assessment_start=datetime.date(2026, 2, 1))
    other = make_framework("lain")
    make_period(other, year=2024, status="final")
    alpha = make_unit("ALFA", "Badan Alfa", short_name="Alfa")
    zeta = make_unit("ZETA", "Badan Aaa Zeta", short_name="Zeta")  # full name first, shown name last
    reviewer = make_user("peninjau", password=None, role=Role.REVIEWER)
    return _World(framework, ind, last, period, other, (alpha, zeta), reviewer)


class _World:
    def __init__(self, framework, ind, last, period, other, units, reviewer):
        self.framework, self.ind, self.last, self.period, self.other = framework, ind, last, period, other
        self.units, self.reviewer = units, reviewer


def submitted(world, number, unit, level, *, evidence=True, when=None):
    answer = make_answer(
        world.period,
        world.ind[number],
        unit,
        status="submitted",
        proposed_level=level,
        explanation="Fakta",
        submitted_at=when or datetime.datetime(2026, 3, number, 9, tzinfo=datetime.UTC),
    )
    if evidence:
        Evidence.objects.create(
            answer=answer, title=f"Portal {answer.pk}", url=f"https://contoh.go.id/{answer.pk}", added_by=world.reviewer
        )
    return answer


def queue_ids(page):
    return [a.pk for a in page.context["page"].object_list]


# --- the filter's default, counts, scope -----------------------------------------------------------


def test_default_is_what_the_status_field_shows_and_all_lists_every_status(client, world):
    alpha, zeta = world.units
    waiting = [submitted(world, 1, alpha, 2), submitted(world, 2, alpha, 2)]
    make_answer(world.period, world.ind[3], alpha, status="draft")
    make_answer(world.period, world.ind[4], zeta, status="verified", proposed_level=2, verified_level=2)
    client.force_login(world.reviewer)

    default = client.get(QUEUE)
    assert set(queue_ids(default)) == {a.pk for a in waiting}
    assert '<option value="submitted" selected>Diajukan</option>' in default.text
    unchanged = client.get(QUEUE, {"periode": "", "status": "submitted"})  # "Tampilkan" without a change
    assert queue_ids(unchanged) == queue_ids(default)

    everything = client.get(QUEUE, {"status": ""})
    assert everything.context["page"].paginator.count == 4
    assert '<option value="" selected>Semua status</option>' in everything.text
    assert "4 jawaban cocok dengan filter ini." in everything.text
    counts = {label: n for label, n, _query, _current in default.context["status_links"]}
    assert counts == {"Diajukan": 2, "Dikembalikan": 0, "Terverifikasi": 1, "Draf": 1, "Semua status": 4}
    assert "2 jawaban cocok dengan filter ini." in default.text


def test_aspects_are_the_periods_framework_and_units_are_sorted_by_the_name_shown(client, world):
    client.force_login(world.reviewer)
    page = client.get(QUEUE)
    aspects = list(page.context["form"].fields["aspect"].queryset)
    assert {a.framework_id for a in aspects} == {world.framework.pk}
    assert [u.display_name for u in page.context["form"].fields["unit"].queryset] == ["Alfa", "Zeta"]
    other_aspect = world.other.aspects.first()
    refused = client.get(QUEUE, {"aspect": other_aspect.pk})
    assert refused.status_code == 400 and "Aspek" in refused.text
    older = client.get(QUEUE, {"periode": 2024})  # that period's framework: its aspects are offered
    assert {a.framework_id for a in older.context["form"].fields["aspect"].queryset} == {world.other.pk}


@pytest.mark.parametrize("query", [{"tanda": "palsu"}, {"urut": "acak"}, {"status": "semua"}])
def test_invalid_flag_sort_or_status_is_a_400_with_a_message(client, world, query):
    client.force_login(world.reviewer)
    page = client.get(QUEUE, query)
    assert page.status_code == 400
    assert "Filter tidak sah" in page.text


# --- flags in the queue -----------------------------------------------------------------------------


def test_flags_column_filter_and_sort(client, world):
    alpha, zeta = world.units
    clean = submitted(world, 1, alpha, 2)
    bare = submitted(world, 2, alpha, 2, evidence=False)  # no evidence
    worst = submitted(world, 3, zeta, 5, evidence=False)  # no evidence, +3 over 2025
    client.force_login(world.reviewer)

    page = client.get(QUEUE)
    assert queue_ids(page) == [clean.pk, bare.pk, worst.pk]  # oldest submitted first
    assert "Tingkat 5 diajukan; hasil akhir 2025: 2 (naik 3)." in page.text
    assert "Tanpa bukti" in page.text

    by_flags = client.get(QUEUE, {"urut": "tanda"})
    assert queue_ids(by_flags) == [worst.pk, bare.pk, clean.pk]
    only_jumps = client.get(QUEUE, {"tanda": flags.BIG_JUMP})
    assert queue_ids(only_jumps) == [worst.pk]
    assert "1 jawaban cocok dengan filter ini." in only_jumps.text
    no_evidence = client.get(QUEUE, {"tanda": flags.NO_EVIDENCE, "urut": "tanda"})
    assert queue_ids(no_evidence) == [worst.pk, bare.pk]


def test_select_all_box_is_there_for_bulk_verification(client, world):
    submitted(world, 1, world.units[0], 2)
    client.force_login(world.reviewer)
    page = client.get(QUEUE)
    assert 'data-select-all="answer_ids"' in page.text
    assert "data-select-all" not in client.get(QUEUE, {"status": "verified"}).text


# --- the way back and next in queue -----------------------------------------------------------------


def _kembali(href):
    return parse_qs(urlsplit(href).query)["kembali"][0]


def test_the_filter_survives_opening_an_answer_and_coming_back(client, world):
    alpha, zeta = world.units
    answer = submitted(world, 1, zeta, 2)
    client.force_login(world.reviewer)
    page = client.get(QUEUE, {"unit": zeta.pk, "urut": "tanda"})
    link = f"{reverse('evaluations:answer_detail', args=[answer.pk])}?kembali="
    assert link in page.text
    kembali = page.context["kembali"]
    assert parse_qs(kembali) == {
        "periode": ["2026"],
        "status": ["submitted"],
        "unit": [str(zeta.pk)],
        "urut": ["tanda"],
    }

    detail = client.get(reverse("evaluations:answer_detail", args=[answer.pk]), {"kembali": kembali})
    assert detail.context["back_url"] == f"{QUEUE}?{kembali}"
    assert f'name="kembali" value="{kembali.replace("&", "&amp;")}"' in detail.text
    back = client.get(detail.context["back_url"])
    assert queue_ids(back) == [answer.pk]
    assert back.context["form"]["unit"].value() == str(zeta.pk)


@pytest.mark.parametrize(
    "kembali",
    ["https://jahat.example/", "//jahat.example/x", "unit=999999", "status=semua", "periode=1999", "x" * 1200],
)
def test_a_bad_way_back_is_the_plain_queue_never_another_site(client, world, kembali):
    answer = submitted(world, 1, world.units[0], 2)
    client.force_login(world.reviewer)
    detail = client.get(reverse("evaluations:answer_detail", args=[answer.pk]), {"kembali": kembali})
    assert detail.status_code == 200
    back_url = detail.context["back_url"]
    assert urlsplit(back_url).path == QUEUE and not urlsplit(back_url).netloc and "jahat" not in back_url
    response = client.post(
        reverse("evaluations:answer_review", args=[answer.pk]),
        {"action": "verify", "verified_level": "2", "kembali": kembali},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/") and "jahat" not in response["Location"]


def test_next_in_queue_after_each_decision_then_back_to_the_queue(client, world):
    alpha, zeta = world.units
    first, second, third = (submitted(world, n, alpha, 2) for n in (1, 2, 3))
    elsewhere = submitted(world, 4, zeta, 2)  # another unit: not in the filtered queue
    client.force_login(world.reviewer)
    kembali = client.get(QUEUE, {"unit": alpha.pk}).context["kembali"]

    def decide(answer, **data):
        return client.post(reverse("evaluations:answer_review", args=[answer.pk]), {"kembali": kembali, **data})

    response = decide(first, action="verify", verified_level="2")
    assert response["Location"] == f"{reverse('evaluations:answer_detail', args=[second.pk])}?{_query(kembali)}"
    response = decide(second, action="return", note="Lengkapi SK.")
    assert urlsplit(response["Location"]).path == reverse("evaluations:answer_detail", args=[third.pk])
    assert _kembali(response["Location"]) == kembali
    response = decide(third, action="verify", verified_level="2")
    assert response["Location"] == f"{QUEUE}?{kembali}"
    page = client.get(response["Location"])
    assert "Tidak ada jawaban berikutnya dalam antrean ini." in page.text
    assert Answer.objects.get(pk=elsewhere.pk).status == "submitted"


def _query(kembali):
    from urllib.parse import urlencode

    return urlencode({"kembali": kembali})


def test_next_in_queue_follows_the_flag_order_and_the_default_queue(client, world):
    alpha, _zeta = world.units
    calm = submitted(world, 1, alpha, 2)
    jumpy = submitted(world, 2, alpha, 5)
    client.force_login(world.reviewer)
    kembali = client.get(QUEUE, {"urut": "tanda"}).context["kembali"]
    response = client.post(
        reverse("evaluations:answer_review", args=[jumpy.pk]),
        {"action": "verify", "verified_level": "5", "kembali": kembali},
    )
    assert urlsplit(response["Location"]).path == reverse("evaluations:answer_detail", args=[calm.pk])
    # Without a queue to come back to (e.g. from a notification): the default queue, submitted answers.
    other = submitted(world, 3, alpha, 2)
    response = client.post(
        reverse("evaluations:answer_review", args=[calm.pk]), {"action": "verify", "verified_level": "2"}
    )
    assert urlsplit(response["Location"]).path == reverse("evaluations:answer_detail", args=[other.pk])


# --- the note a verification needs -----------------------------------------------------------------


def test_verifying_below_the_proposed_level_needs_a_note_that_reaches_the_officer(world):
    alpha, _zeta = world.units
    officer = make_user("op-alfa", password=None, role=Role.OFFICER, unit=alpha)
    answer = submitted(world, 1, alpha, 4)
    with pytest.raises(errors.InvalidInput, match="tingkat 3 di bawah usulan 4"):
        services.verify_answer(world.reviewer, answer, verified_level=3)
    with pytest.raises(errors.InvalidInput):
        services.verify_answer(world.reviewer, answer, verified_level=3, note="   ")
    assert Answer.objects.get(pk=answer.pk).status == "submitted"
    services.verify_answer(world.reviewer, answer, verified_level=3, note="Belum ada evaluasi berkala.")
    answer.refresh_from_db()
    assert (answer.status, answer.verified_level) == ("verified", 3)
    assert str(answer.history.latest().history_change_reason) == (
        "diverifikasi pada tingkat 3 (usulan 4): Belum ada evaluasi berkala."
    )
    notice = Notification.objects.get(user=officer)
    assert str(notice.message).endswith("terverifikasi pada tingkat 3: Belum ada evaluasi berkala.")


def test_verifying_without_evidence_needs_a_note(world):
    alpha, _zeta = world.units
    bare = submitted(world, 1, alpha, 2, evidence=False)
    with pytest.raises(errors.InvalidInput, match="tanpa bukti dukung"):
        services.verify_answer(world.reviewer, bare, verified_level=2)
    services.verify_answer(world.reviewer, bare, verified_level=2, note="Diperiksa langsung di aplikasi.")
    assert Answer.objects.get(pk=bare.pk).status == "verified"


def test_no_note_needed_at_or_above_the_proposed_level_with_evidence(world):
    alpha, _zeta = world.units
    same, higher = submitted(world, 1, alpha, 3), submitted(world, 2, alpha, 3)
    services.verify_answer(world.reviewer, same, verified_level=3)
    services.verify_answer(world.reviewer, higher, verified_level=4)
    assert set(Answer.objects.filter(status="verified").values_list("verified_level", flat=True)) == {3, 4}


def test_both_reasons_are_named_at_once():
    reasons = services.note_required_reasons(4, 2, has_evidence=False)
    assert len(reasons) == 2
    assert services.note_required_reasons(4, 4, has_evidence=True) == []
    assert services.note_required_reasons(None, 2, has_evidence=True) == []


def test_bulk_verify_refuses_answers_without_evidence_per_row_unless_a_note(client, world):
    alpha, _zeta = world.units
    backed, bare = submitted(world, 1, alpha, 2), submitted(world, 2, alpha, 2, evidence=False)
    client.force_login(world.reviewer)
    response = client.post(reverse("evaluations:bulk_verify"), {"answer_ids": [backed.pk, bare.pk]}, follow=True)
    assert Answer.objects.get(pk=backed.pk).status == "verified"
    assert Answer.objects.get(pk=bare.pk).status == "submitted"
    assert "Indikator 2 (Alfa) dilewati" in response.text and "tanpa bukti dukung" in response.text
    client.post(reverse("evaluations:bulk_verify"), {"answer_ids": [bare.pk], "note": "Dicek di aplikasi."})
    assert Answer.objects.get(pk=bare.pk).status == "verified"


def test_the_answer_page_refuses_a_lower_level_without_a_note_and_keeps_the_form(client, world):
    answer = submitted(world, 1, world.units[0], 4)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("evaluations:answer_review", args=[answer.pk]), {"action": "verify", "verified_level": "2"}
    )
    assert response.status_code == 400
    assert "Tulis catatan untuk perangkat daerah" in response.text
    assert Answer.objects.get(pk=answer.pk).status == "submitted"


def test_the_answer_page_shows_the_flags_to_the_reviewer_only(client, world):
    alpha, _zeta = world.units
    answer = submitted(world, 1, alpha, 5, evidence=False)
    client.force_login(world.reviewer)
    page = client.get(reverse("evaluations:answer_detail", args=[answer.pk]))
    assert "Tanda mutu bukti" in page.text
    assert "Tingkat 5 diajukan; hasil akhir 2025: 2 (naik 3)." in page.text
    assert "Jawaban ini tanpa bukti dukung" in page.text
    client.force_login(make_user("op-alfa", password=None, role=Role.OFFICER, unit=alpha))
    assert "Tanda mutu bukti" not in client.get(reverse("evaluations:answer_detail", args=[answer.pk])).text


# --- query counts -----------------------------------------------------------------------------------


def _flagged_world(world, units):
    for u in range(units):
        unit = make_unit(f"U{u:02d}", f"Dinas Uji {u:02d}")
        shared = EvidenceFile.objects.create(
            sha256=f"{u + 1:064x}", original_name="SK.pdf", size=1, content_type="application/pdf"
        )
        for number in world.ind:
            last = make_answer(world.last, world.ind[number], unit, status="verified", proposed_level=2)
            Evidence.objects.create(answer=last, title="SK", file=shared, added_by=world.reviewer)
            answer = submitted(world, number, unit, 4 + number % 2)
            Evidence.objects.create(answer=answer, title="SK", file=shared, added_by=world.reviewer)


@pytest.mark.parametrize("units", [1, 6])
@pytest.mark.parametrize("query", [{}, {"urut": "tanda", "status": ""}, {"tanda": flags.BIG_JUMP}])
def test_queue_with_flags_queries_do_not_grow_with_the_answers(client, world, django_assert_num_queries, units, query):
    _flagged_world(world, units)
    client.force_login(world.reviewer)
    # Session, user, periods, the filter's unit and aspect choices, answers (their number comes from
    # the status counts), the flags' evidence, last year's final levels (with its period), the
    # evidence-use summary (last year's uses and this period's files in one query), the status
    # counts, unread.
    with django_assert_num_queries(13):
        page = client.get(QUEUE, query)
    assert page.status_code == 200
    assert page.context["page"].paginator.count == units * len(world.ind)
    assert all(a.review_flags for a in page.context["page"].object_list)


@pytest.mark.parametrize("units", [1, 6])
def test_answer_page_for_the_reviewer_queries_do_not_grow(client, world, django_assert_num_queries, units):
    _flagged_world(world, units)
    answer = Answer.objects.filter(period=world.period).order_by("pk").first()
    client.force_login(world.reviewer)
    kembali = client.get(QUEUE).context["kembali"]
    # The flags and the way back add the periods, the answer's evidence, last year's final levels (with
    # its period), and the evidence-use summary; the page's own prefetch of other units' evidence once
    # there are any.
    with django_assert_num_queries(17 if units == 1 else 18):
        page = client.get(reverse("evaluations:answer_detail", args=[answer.pk]), {"kembali": kembali})
    assert "Bukti lintas aspek" in page.text


# --- the rows as built in Python (queue.label_rows) -----------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_submitted_time_is_what_date_format_gives(settings, language):
    import datetime as dt

    from django.utils import timezone, translation
    from django.utils.formats import date_format

    from evaluations.periods import queue

    with translation.override(language):
        when = queue.SubmittedFormat()
        for month in range(1, 13):
            for day, hour, minute in ((1, 0, 0), (9, 7, 5), (28, 23, 59)):
                value = dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)
                assert when(value) == date_format(timezone.localtime(value), queue.SUBMITTED_FORMAT)
        assert when(None) == "—"


def test_flags_cell_is_what_the_template_wrote(settings):
    """The cell the queue's rows used to render with two nested loops, byte for byte, escaping included."""
    from django.template import Context, Template

    from evaluations.periods import queue

    template = Template(
        '{% if flags %}<details><summary>{% for flag in flags %}<span class="badge {{ flag.badge }}">'
        "{{ flag.label }}</span> {% endfor %}</summary>\n"
        '          <ul class="flag-reasons small">{% for flag in flags %}<li>{{ flag.reason }}</li>{% endfor %}'
        '</ul></details>{% else %}<span class="muted">—</span>{% endif %}'
    )
    cases = [
        (),
        (flags.Flag(flags.NO_EVIDENCE, "Tidak ada bukti <b>dukung</b> & tautan."),),
        (
            flags.Flag(flags.BIG_JUMP, "Tingkat 4 diajukan; hasil akhir 2025: 2 (naik 2)."),
            flags.Flag(flags.ACROSS_ASPECTS, 'File “Perda "1" <script>” juga dipakai untuk indikator 3, 4.'),
        ),
    ]
    for case in cases:
        assert str(queue.flags_cell(case)) == template.render(Context({"flags": case}))
