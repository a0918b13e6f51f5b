"""Peers: published results of other governments as reference data (issue 13, deliverable 7).

The shipped file loads idempotently and a bad row refuses the whole file naming file, row, column
and reason; a result given as domain values gets its index computed with the framework's weights
and is flagged when it disagrees with the published index by more than 0.005; corrections keep
history; the dashboard draws the chosen peers, ranks the province among the recorded ones, and
refuses an unknown peer with a 400.
"""

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from evaluations import series
from evaluations.errors import PermissionDenied
from evaluations.models import PublishedResult
from evaluations.peers import services
from evaluations.peers.loader import PublishedFileError, load_published_results
from skpd.roles import Role
from spbe_portal.management.commands.setup_portal import STEPS
from tests.evaluations.peers_world import make_published, shipped_rows
from tests.evaluations.reports_world import build_world, make_viewers
from tests.factories import make_user

pytestmark = pytest.mark.django_db

HEADER = "body,kind,province,year,framework,index,domains,aspects,predicate_as_published,source,source_date,note"
KALTENG = "Pemerintah Provinsi Kalimantan Tengah"
KALTIM = "Pemerintah Provinsi Kalimantan Timur"


def _file(tmp_path, *lines, name="hasil.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def _admin():
    return make_user("admin-peers", password=None, role=Role.ADMIN)


# --- the shipped file ------------------------------------------------------------------------------


def test_shipped_file_loads_every_row_with_its_source_and_again_changes_nothing(spbe_2020):
    rows = shipped_rows()
    first = load_published_results()
    assert (first.created, first.unchanged) == (len(rows), 0)
    kalteng_2025 = PublishedResult.objects.get(body=KALTENG, year=2025)
    assert kalteng_2025.index == Decimal("3.41") and kalteng_2025.framework == spbe_2020
    assert kalteng_2025.source.startswith("https://pradanamedia.com/") and kalteng_2025.source_date == "2026-01-07"
    national = series.national_average(series.published_results())
    assert [(p.year, p.index) for p in national][:3] == [
        (2018, Decimal("1.98")),
        (2019, Decimal("2.18")),
        (2020, Decimal("2.26")),
    ]
    assert PublishedResult.objects.get(kind="rata_provinsi", year=2021).index == Decimal("2.46")
    histories = PublishedResult.history.count()

    second = load_published_results()

    assert (second.created, second.unchanged) == (0, len(rows))
    assert PublishedResult.history.count() == histories  # nothing written
    assert "published-indexes.csv" in str(kalteng_2025.history.first().history_change_reason)


def test_an_administrators_correction_survives_setup_portal_loading_again(spbe_2020):
    load_published_results()
    result = PublishedResult.objects.get(body=KALTIM, year=2024)
    services.record_published_result(_admin(), instance=result, **_values(result, index="3.80"))
    load_published_results()
    result.refresh_from_db()
    assert result.index == Decimal("3.80")
    assert result.history.count() == 2  # loaded, then corrected


def test_setup_portal_loads_the_published_results_before_the_demo():
    names = [name for name, _options in STEPS]
    assert names.index("load_shipped_frameworks") < names.index("load_published_results") < names.index("seed_demo")


def test_a_bad_row_refuses_the_whole_file_naming_file_row_column_and_reason(spbe_2020, tmp_path):
    path = _file(
        tmp_path,
        f"{KALTENG},provinsi,Kalimantan Tengah,2023,spbe-2020,2.75,,,Baik,https://contoh.go.id,2026-01-07,",
        f"{KALTIM},propinsi,Kalimantan Timur,2023,spbe-2020,2.91,,,Baik,https://contoh.go.id,2025-01-13,",
        'Kota X,kota,,2024,spbe-2020,3.00,"1=3,2=3,3=x,4=3",,,https://contoh.go.id,2025,',
        "Kota Y,kota,,2024,spbe-2019,3.00,,,,https://contoh.go.id,2025,",
        "Kota Z,kota,,2024,spbe-2020,7,,,,https://contoh.go.id,2025,",
        "Kota W,kota,,2024,spbe-2020,3.00,,,,,2025,",
        "Kota V,kota,,2024,spbe-2020,3.00,,,,https://contoh.go.id,13-01-2025,",
        f"{KALTENG},provinsi,Kalimantan Tengah,2023,spbe-2020,2.75,,,Baik,https://contoh.go.id,2026-01-07,",
        "Kota U,kota,,2019,spbe-2020,3.00,,,,https://contoh.go.id,2025,",
    )
    with pytest.raises(PublishedFileError) as caught:
        load_published_results(path)
    errors = caught.value.errors
    assert (
        errors[0]
        == "hasil.csv baris 3, kolom kind: jenis “propinsi” tidak dikenal (pilihan: nasional, rata_provinsi, provinsi, kabupaten, kota, kementerian, lembaga)"
    )
    assert errors[1] == "hasil.csv baris 4, kolom domains: bagian 3 '3=x': nilai 'x' bukan angka (pakai titik desimal)"
    assert errors[2].startswith("hasil.csv baris 5, kolom framework: kerangka spbe-2019 tidak ada")
    assert errors[3] == "hasil.csv baris 6, kolom index: indeks 7 di luar 1–5"
    assert errors[4].startswith("hasil.csv baris 7, kolom source: sumber wajib diisi")
    assert errors[5].startswith("hasil.csv baris 8, kolom source_date: tanggal sumber “13-01-2025”")
    assert errors[6] == f"hasil.csv baris 9, kolom year: {KALTENG} tahun 2023 sudah ada di baris 2"
    assert errors[7] == "hasil.csv baris 10, kolom framework: kerangka spbe-2020 berlaku sejak 2021; tahun 2019 di luar"
    assert len(errors) == 8
    assert not PublishedResult.objects.exists()  # the good row is not loaded either


def test_the_command_exits_2_with_one_line_per_problem(spbe_2020, tmp_path):
    path = _file(tmp_path, "Kota X,kota,,tahun,spbe-2020,3.00,,,,https://contoh.go.id,2025,")
    with pytest.raises(CommandError) as caught:
        call_command("load_published_results", str(path))
    assert caught.value.returncode == 2
    assert "hasil.csv baris 2, kolom year: tahun “tahun” bukan bilangan bulat" in str(caught.value)


def test_a_file_without_the_required_columns_is_refused(tmp_path):
    path = tmp_path / "lain.csv"
    path.write_text("nama,tahun\nA,2024\n", encoding="utf-8")
    with pytest.raises(PublishedFileError, match="lain.csv baris 1: kolom body, kind, year, index, source tidak ada"):
        load_published_results(path)


def test_the_shipped_file_is_the_reference_file_with_the_national_averages_added():
    shipped = {(r["body"], r["year"]): r for r in shipped_rows()}
    reference = Path("/work/shared/reference/published-indexes.csv")
    if not reference.exists():
        pytest.skip("the shared reference folder is not on this machine")
    with open(reference, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ours = shipped[(row["body"], row["year"])]
            assert (ours["index"], ours["source"], ours["source_date"]) == (
                row["index"],
                row["source"],
                row["source_date"],
            )


# --- adding and correcting a result: index from domain values, the flag, history ---------------------


def _values(result=None, **changes):
    values = {
        "body": result.body if result else "Pemerintah Provinsi Contoh",
        "kind": result.kind if result else "provinsi",
        "province": result.province if result else "Contoh",
        "year": result.year if result else 2023,
        "framework": result.framework if result else None,
        "index": result.index if result else None,
        "source": result.source if result else "https://contoh.go.id/berita",
        "source_date": result.source_date if result else "2024-02-01",
    }
    values.update(changes)
    return values


def test_domain_values_give_the_index_hand_checked_and_agreeing_results_are_not_flagged(spbe_2020):
    # The regulation's worked example, published as 3.28: (3.70×13 + 3.40×25 + 3.00×16.5 + 3.20×45.5)/100 = 3.282
    domains = {1: Decimal("3.70"), 2: Decimal("3.40"), 3: Decimal("3.00"), 4: Decimal("3.20")}
    result = services.record_published_result(
        _admin(), **_values(framework=spbe_2020, index=Decimal("3.28"), domains=domains)
    )
    assert result.computed_index == Decimal("3.282")
    assert not result.flagged
    assert result.domain_values == {"1": "3.70", "2": "3.40", "3": "3.00", "4": "3.20"}
    assert "dihitung 3.2820" in str(result.history.first().history_change_reason)


def test_domain_values_alone_are_enough_and_give_the_value_the_trend_uses(spbe_2020):
    domains = {1: Decimal("3.50"), 2: Decimal("2.70"), 3: Decimal("2.73"), 4: Decimal("4.01")}
    result = services.record_published_result(_admin(), **_values(framework=spbe_2020, domains=domains))
    assert result.index is None and result.value == Decimal("3.405")


@pytest.mark.parametrize(
    ("published", "flagged"), [("3.287", False), ("3.277", False), ("3.288", True), ("3.20", True)]
)
def test_an_index_differing_from_its_domains_by_more_than_0_005_is_flagged(spbe_2020, published, flagged):
    domains = {1: Decimal("3.70"), 2: Decimal("3.40"), 3: Decimal("3.00"), 4: Decimal("3.20")}  # 3.282
    result = services.record_published_result(
        _admin(), **_values(framework=spbe_2020, index=Decimal(published), domains=domains)
    )
    assert result.flagged is flagged
    if flagged:
        assert "ditandai" in str(result.history.first().history_change_reason)


def test_aspect_values_for_a_framework_without_domains(db):
    from tests.factories import make_framework

    framework = make_framework("tanpa-domain", with_domains=False)  # aspects 40 / 30 / 30
    admin = _admin()
    result = services.record_published_result(
        admin, **_values(framework=framework, aspects={1: Decimal(3), 2: Decimal(4), 3: Decimal(2)})
    )
    assert result.computed_index == Decimal(3)
    with pytest.raises(services.FieldError, match="tidak memiliki domain") as caught:
        services.record_published_result(admin, **_values(framework=framework, body="B", domains={1: Decimal(3)}))
    assert caught.value.field == "domains"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({}, "index", "berikan indeks, nilai domain atau nilai aspek"),
        ({"domains": {1: Decimal(3)}}, "framework", "kerangka wajib diisi"),
        ({"index": Decimal("5.5")}, "index", "indeks 5.5 di luar 1–5"),
        ({"index": Decimal("3"), "year": 1999}, "year", "tahun 1999 di luar"),
        ({"index": Decimal("3"), "body": " "}, "body", "nama instansi wajib diisi"),
    ],
)
def test_bad_values_are_refused_naming_the_field(changes, field, message):
    with pytest.raises(services.FieldError, match=message) as caught:
        services.record_published_result(_admin(), **_values(**changes))
    assert caught.value.field == field
    assert not PublishedResult.objects.exists()


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.REVIEWER])
def test_only_the_administrator_records_published_results(role):
    user = make_user(f"u-{role}", password=None, role=role)
    with pytest.raises(PermissionDenied):
        services.record_published_result(user, **_values(index=Decimal("3")))


def test_a_correction_keeps_the_history_and_a_second_result_for_the_same_year_is_refused(spbe_2020):
    admin = _admin()
    result = services.record_published_result(admin, **_values(framework=spbe_2020, index=Decimal("2.69")))
    services.record_published_result(admin, instance=result, **_values(result, index=Decimal("2.70")))
    result.refresh_from_db()
    assert result.index == Decimal("2.70")
    assert [h.index for h in result.history.order_by("history_id")] == [Decimal("2.69"), Decimal("2.70")]
    assert {h.history_user for h in result.history.all()} == {admin}
    with pytest.raises(services.FieldError, match="sudah tercatat"):
        services.record_published_result(admin, **_values(framework=spbe_2020, index=Decimal("2.50")))


def test_the_admin_form_goes_through_the_service(client, spbe_2020):
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    url = reverse("admin:evaluations_publishedresult_add")
    assert client.get(url).status_code == 200
    data = {
        "body": "Pemerintah Provinsi Contoh",
        "kind": "provinsi",
        "province": "Contoh",
        "year": "2023",
        "framework": str(spbe_2020.pk),
        "index": "3.30",
        "domains": "1=3.70,2=3.40,3=3.00,4=3.20",
        "aspects": "",
        "predicate_as_published": "Baik",
        "source": "https://contoh.go.id",
        "source_date": "2024",
        "note": "",
    }
    bad = client.post(url, {**data, "domains": "1=3.70,2=3.40,3=3.00"})
    assert bad.status_code == 200 and "domain 4 tidak diberi nilai" in bad.text
    assert not PublishedResult.objects.exists()
    response = client.post(url, data)
    assert response.status_code == 302
    result = PublishedResult.objects.get()
    assert result.computed_index == Decimal("3.282") and result.flagged  # 3.30 vs 3.282
    assert result.history.first().history_user == root
    listing = client.get(reverse("admin:evaluations_publishedresult_changelist") + "?flagged__exact=1")
    assert "Pemerintah Provinsi Contoh" in listing.text
    change = client.get(reverse("admin:evaluations_publishedresult_change", args=[result.pk]))
    assert 'value="1=3.70,2=3.40,3=3.00,4=3.20"' in change.text


# --- ranking and the dashboard ---------------------------------------------------------------------


def test_ranks_count_governments_only_not_averages_nor_the_province_itself(settings):
    results = [
        make_published(KALTENG, 2023, "2.75"),
        make_published(KALTIM, 2023, "2.91"),
        make_published("Pemerintah Kota Tarakan", 2024, "3.11", kind="kota"),
        make_published(settings.PORTAL_INSTANSI, 2023, "2.69"),
        make_published("Rata-rata nasional", 2023, "2.79", kind="nasional"),
    ]
    rows = series.ranks_by_year({2023: Decimal("2.69"), 2024: Decimal("3.2"), 2025: Decimal("3")}, results)
    assert [(r.year, r.rank.position, r.rank.total) for r in rows] == [(2023, 3, 3), (2024, 1, 2)]
    assert [body for body, _value, _flag in rows[0].peers] == [KALTIM, KALTENG]  # highest first


def _figure(response, figure_id):
    match = re.search(rf'<script id="{figure_id}" type="application/json">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def viewers(db):
    return make_viewers()


def test_dashboard_draws_chosen_peers_and_ranks_the_province(client, viewers):
    world = build_world(units=2, years=3)  # final 2024, 2025; summary 2020 at 2.10
    make_published(KALTENG, 2024, "2.87")
    make_published(KALTENG, 2025, "3.41")
    make_published(KALTIM, 2024, "3.79")
    client.force_login(viewers["executive"])

    response = client.get(reverse("reports:dashboard"), {"pembanding": [KALTIM]})

    assert response.status_code == 200
    names = [trace.get("name") for trace in _figure(response, "fig-trend")["data"]]
    # peers by their short names in the legend
    assert "Prov. Kalimantan Timur" in names and "Prov. Kalimantan Tengah" not in names
    assert "Rata-rata nasional" in names
    data = response.context["data"]
    ranks = {row.year: row for row in data.ranks}
    final_2024 = next(p.index for p in data.trend if p.year == 2024)
    expected = 1 + sum(1 for v in (Decimal("2.87"), Decimal("3.79")) if v > final_2024)
    assert (ranks[2024].rank.position, ranks[2024].rank.total) == (expected, 3)
    assert ranks[2025].rank.total == 2
    assert 'id="peer-ranks"' in response.text and f"{expected} dari 3" in response.text
    assert f'<option value="{KALTENG}">' in response.text and f'<option value="{KALTIM}" selected>' in response.text
    assert world.periods


def test_dashboard_by_default_draws_the_national_average_and_no_peer(client, viewers):
    build_world(units=2, years=2)
    make_published(KALTENG, 2025, "3.41")
    client.force_login(viewers["reviewer"])
    names = [trace.get("name") for trace in _figure(client.get(reverse("reports:dashboard")), "fig-trend")["data"]]
    assert "Rata-rata nasional" in names and "Prov. Kalimantan Tengah" not in names


def test_an_unknown_peer_is_a_400_with_a_message(client, viewers):
    build_world(units=2, years=2)
    client.force_login(viewers["executive"])
    for name in ("reports:dashboard", "reports:brief"):
        response = client.get(reverse(name), {"pembanding": "Pemerintah Entah"})
        assert response.status_code == 400, name
        assert "Pembanding" in response.text and "Pemerintah Entah" in response.text


def test_the_brief_shows_the_rank_row(client, viewers):
    build_world(units=2, years=3)
    make_published(KALTENG, 2024, "1.50")
    client.force_login(viewers["executive"])
    response = client.get(reverse("reports:brief"))
    assert response.status_code == 200
    assert "1 dari 2" in response.text


@pytest.mark.parametrize(("units", "years", "peers"), [(2, 2, 1), (6, 5, 6)])
def test_dashboard_and_brief_query_counts_do_not_grow_with_peers(
    client, viewers, django_assert_num_queries, units, years, peers
):
    from tests.evaluations.test_dashboard import DASHBOARD_QUERIES
    from tests.evaluations.test_reports import REPORT_QUERIES

    build_world(units=units, years=years)
    bodies = [f"Pemerintah Kabupaten {n}" for n in range(peers)]
    for number, body in enumerate(bodies):
        for year in (2024, 2025):
            make_published(body, year, Decimal("2.5") + Decimal(number) / 10, kind="kabupaten")
    client.force_login(viewers["executive"])
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("reports:dashboard"), {"pembanding": bodies})
    assert response.status_code == 200
    with django_assert_num_queries(REPORT_QUERIES["brief"]):
        assert client.get(reverse("reports:brief"), {"pembanding": bodies}).status_code == 200


def test_setup_portal_twice_loads_the_published_results_once():
    call_command("setup_portal", "--no-demo", stdout=io.StringIO())
    count, histories = PublishedResult.objects.count(), PublishedResult.history.count()
    assert count == len(shipped_rows())
    call_command("setup_portal", "--no-demo", stdout=io.StringIO())
    assert (PublishedResult.objects.count(), PublishedResult.history.count()) == (count, histories)
