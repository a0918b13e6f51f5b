"""A crosswalk file from the web (issue 14 §6): the administrator's upload → preview (row changes, the
estimate of each period old → new) → confirm as the next version, with its history; a bad file
refused with every row and reason; a stale preview refused; export byte-identical to the command.

The world: two mini frameworks (indicators 1, 2 at 20; 3 at 30; 4, 5 at 15), "mini" → "mini-baru"
version 1: 1←1, 2←2, 3←3 primary, 4←4 partial, 5 none. The mini period 2025 has the final levels
{1: 5, 2: 1, 3: 3, 4: 5, 5: 3}. By hand:

- version 1: targets 1, 2, 3 estimated (5, 1, 3); index (100 + 20 + 90) / 70 = 3.00, coverage 70 %
- the file (4←4 primary): (100 + 20 + 90 + 75) / 85 = 3.3529…, coverage 85 %
"""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations.frameworks import crosswalks
from indicators import crosswalk
from indicators.models import Crosswalk, FrameworkRevision
from skpd.roles import Role
from tests.factories import make_framework, make_period, make_stage_result, make_user

FINAL_2025 = {1: 5, 2: 1, 3: 3, 4: 5, 5: 3}


def _file(rows, source="mini", target="mini-baru", **extra):
    return {
        "format": 1,
        "kind": "crosswalk",
        "from_framework": source,
        "to_framework": target,
        "status": "provisional",
        **extra,
        "rows": rows,
    }


V1_ROWS = [
    {"to": 1, "from": 1, "relation": "primary", "note": "sama"},
    {"to": 2, "from": 2, "relation": "primary"},
    {"to": 3, "from": 3, "relation": "primary"},
    {"to": 4, "from": 4, "relation": "partial"},
    {"to": 5, "from": None, "relation": "none"},
]


def changed_rows():
    rows = [dict(r) for r in V1_ROWS]
    rows[0]["note"] = "sama persis"
    rows[3]["relation"] = "primary"
    return rows


@pytest.fixture
def admin(db):
    return make_user("admin", role=Role.ADMIN)


@pytest.fixture
def world(db):
    source, target = make_framework("mini"), make_framework("mini-baru")
    period = make_period(source, year=2025, status="closed")
    for indicator in source.indicators.all():
        make_stage_result(period, indicator, FINAL_2025[indicator.number])
    crosswalk.load_data(crosswalk.check(_file(V1_ROWS)))
    return source, target


def _upload(client, data, name="mini--mini-baru.json", **fields):
    content = data if isinstance(data, bytes) else json.dumps(data).encode("utf-8")
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("frameworks:upload"), {"kind": "crosswalk", "file": upload, **fields})


def _versions():
    return sorted(Crosswalk.objects.values_list("version", flat=True))


def test_upload_preview_confirm_loads_the_next_version_with_its_history(world, admin, client):
    client.force_login(admin)
    response = _upload(client, _file(changed_rows()))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Perbedaan dengan versi 1 yang dimuat" in page
    assert "Hubungan berubah" in page and "tujuan 4 ← asal 4: partial → primary" in page
    assert "Catatan berubah" in page and "“sama” → “sama persis”" in page
    assert "3,00" in page and "3,35" in page and "70,00 %" in page and "85,00 %" in page
    assert "Perkiraan 1 periode yang ditampilkan portal akan berubah" in page
    row = response.context["preview"].impact[0]
    assert (row.old, row.old_coverage, row.new_coverage) == (Decimal(3), Decimal("0.7"), Decimal("0.85"))
    assert row.new == Decimal(285) / Decimal(85)
    assert _versions() == [1]  # the preview writes nothing

    done = client.post(reverse("frameworks:confirm"), {"token": response.context["preview"].token})
    assert done.status_code == 302 and done["Location"] == reverse("frameworks:history")
    current = Crosswalk.objects.current(*world)
    assert current.version == 2 and current.links()[3][1:3] == (4, "primary")
    revision = FrameworkRevision.objects.get()
    assert (revision.kind, revision.crosswalk, revision.user, revision.source) == ("crosswalk", current, admin, "web")
    assert revision.code == "mini → mini-baru" and revision.file_name == "mini--mini-baru.json"
    history = client.get(reverse("frameworks:history")).content.decode()
    assert "mini → mini-baru" in history and "Hubungan berubah" in history and "3,35" in history
    assert "dimuat dari mini--mini-baru.json sebagai versi 2" in history
    previous = client.get(reverse("frameworks:previous_file", args=[revision.pk]))
    version_1 = Crosswalk.objects.get(version=1)
    assert previous.content.decode() == crosswalk.dumps(crosswalk.export_data(version_1))


def test_a_new_pair_is_previewed_as_a_new_crosswalk(world, admin, client):
    make_framework("mini-lain")
    client.force_login(admin)
    response = _upload(client, _file(V1_ROWS, target="mini-lain"))
    page = response.content.decode()
    assert response.status_code == 200 and "Padanan baru" in page
    assert response.context["preview"].impact[0].old is None
    client.post(reverse("frameworks:confirm"), {"token": response.context["preview"].token})
    created = Crosswalk.objects.get(to_framework__code="mini-lain")
    assert created.version == 1 and FrameworkRevision.objects.get().action == "created"


def test_a_bad_file_is_refused_with_every_row_and_reason_and_nothing_is_loaded(world, admin, client):
    client.force_login(admin)
    rows = [dict(r) for r in V1_ROWS[:4]]  # target 5 missing
    rows[1]["from"] = 9  # unknown source indicator
    rows[2]["relation"] = "sebagian"  # bad relation
    response = _upload(client, _file(rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Berkas ditolak; tidak ada yang diubah" in page
    assert "baris 2: indikator asal 9 tidak ada di mini" in page
    assert "baris 3: hubungan &#x27;sebagian&#x27; tidak dikenal" in page
    assert "indikator tujuan 5 tidak muncul di baris mana pun" in page
    assert "bukan JSON yang sah" in _upload(client, b"{oops").content.decode()
    assert _versions() == [1] and not FrameworkRevision.objects.exists()


def test_a_csv_file_needs_the_two_framework_codes(world, admin, client):
    client.force_login(admin)
    text = "to_indicator,from_indicator,relation,note\n1,1,primary,sama\n2,2,primary,\n3,3,primary,\n4,4,primary,\n5,,none,\n"
    refused = _upload(client, text.encode(), name="padanan.csv")
    assert refused.status_code == 400 and "kode kerangka asal dan tujuan wajib diberikan" in refused.content.decode()
    response = _upload(client, text.encode(), name="padanan.csv", from_framework="mini", to_framework="mini-baru")
    assert response.status_code == 200 and "partial → primary" in response.content.decode()
    client.post(reverse("frameworks:confirm"), {"token": response.context["preview"].token})
    assert _versions() == [1, 2]


def test_a_stale_token_is_refused_and_nothing_changes(world, admin, client):
    client.force_login(admin)
    response = _upload(client, _file(changed_rows()))
    token = response.context["preview"].token
    # someone else loads another version after the preview
    other = [dict(r) for r in V1_ROWS]
    other[1]["note"] = "dari perintah"
    crosswalk.load_data(crosswalk.check(_file(other)))
    refused = client.post(reverse("frameworks:confirm"), {"token": token})
    assert refused.status_code == 400 and "berubah sejak pratinjau" in refused.content.decode()
    assert _versions() == [1, 2] and not FrameworkRevision.objects.exists()
    # and a token that is not the one previewed
    _upload(client, _file(changed_rows()))
    assert client.post(reverse("frameworks:confirm"), {"token": "f" * 64}).status_code == 400
    assert _versions() == [1, 2] and not FrameworkRevision.objects.exists()


def test_an_identical_file_changes_nothing(world, admin, client):
    client.force_login(admin)
    response = _upload(client, _file(V1_ROWS))
    page = response.content.decode()
    assert response.status_code == 200 and "sama dengan padanan yang dimuat (versi 1)" in page
    assert reverse("frameworks:confirm") not in page
    done = client.post(reverse("frameworks:confirm"), {"token": response.context["preview"].token}, follow=True)
    assert "tidak ada yang diubah" in done.content.decode()
    assert _versions() == [1] and not FrameworkRevision.objects.exists()


def test_export_equals_the_command_output(world, admin, client):
    crosswalk.load_data(crosswalk.check(_file(changed_rows())))
    client.force_login(admin)
    response = client.get(reverse("frameworks:export_crosswalk", args=["mini", "mini-baru"]))
    out = io.StringIO()
    call_command("export_crosswalk", "mini", "mini-baru", stdout=out)
    assert response.content.decode() == out.getvalue()
    assert response["Content-Disposition"] == 'attachment; filename="mini--mini-baru.json"'
    assert json.loads(response.content)["rows"][3]["relation"] == "primary"  # the current version (2)
    assert client.get(reverse("frameworks:export_crosswalk", args=["mini-baru", "mini"])).status_code == 404


def test_the_framework_list_links_the_crosswalk_export_for_the_administrator_only(world, admin, client):
    url = reverse("frameworks:export_crosswalk", args=["mini", "mini-baru"])
    client.force_login(admin)
    assert url in client.get(reverse("indicators:framework_list")).content.decode()
    assert url in client.get(reverse("frameworks:upload")).content.decode()
    client.force_login(make_user("pimpinan", role=Role.EXECUTIVE))
    page = client.get(reverse("indicators:framework_list")).content.decode()
    assert "mini → mini-baru" in page and url not in page


def test_a_pair_the_pages_do_not_show_says_so(world, admin, client):
    """The portal estimates a framework's periods through its crosswalk to the newest target; a
    crosswalk to an older one changes nothing shown."""
    source, target = world
    newer = make_framework("mini-2030")
    type(newer).objects.filter(pk=newer.pk).update(valid_from_year=2030)
    type(target).objects.filter(pk=target.pk).update(valid_from_year=2027)
    crosswalk.load_data(crosswalk.check(_file(V1_ROWS, target="mini-2030")))
    client.force_login(admin)
    preview = _upload(client, _file(changed_rows())).context["preview"]
    assert not preview.shown and preview.affected == []


def _more_periods(framework, count):
    indicators = list(framework.indicators.all())
    for year in range(2010, 2010 + count):
        period = make_period(framework, year=year, status="closed")
        for indicator in indicators:
            make_stage_result(period, indicator, 3)


@pytest.mark.parametrize("extra", [0, 8])
def test_preview_queries_do_not_grow_with_periods(world, admin, client, extra, django_assert_max_num_queries):
    _more_periods(world[0], extra)
    client.force_login(admin)
    client.get(reverse("frameworks:upload"))
    with django_assert_max_num_queries(27):  # incl. the session write and the navigation's counts
        response = _upload(client, _file(changed_rows()))
    assert response.status_code == 200 and len(response.context["preview"].impact) == 1 + extra


def test_row_changes_by_pair():
    old = [{"to": 1, "from": 1, "relation": "primary"}, {"to": 2, "from": None, "relation": "none"}]
    new = [{"to": 1, "from": 1, "relation": "partial", "note": "x"}, {"to": 2, "from": 3, "relation": "primary"}]
    kinds = [(c["kind"], c["to"], c["from"]) for c in crosswalks.diff_rows(old, new)]
    assert kinds == [("relation", 1, 1), ("note", 1, 1), ("removed", 2, None), ("added", 2, 3)]


@pytest.mark.parametrize("extra", [0, 4])
def test_framework_list_queries_do_not_grow_with_crosswalks(world, admin, client, extra, django_assert_max_num_queries):
    for n in range(extra):
        make_framework(f"mini-{n}")
        crosswalk.load_data(crosswalk.check(_file(V1_ROWS, target=f"mini-{n}")))
        crosswalk.load_data(crosswalk.check(_file(changed_rows(), target=f"mini-{n}")))
    client.force_login(admin)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("indicators:framework_list")).content.decode()
    assert page.count("/kelola-kerangka/padanan/") == 1 + extra
