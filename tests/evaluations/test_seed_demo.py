"""seed_demo: refuses without DEBUG, creates units/accounts/period/assignments, changes nothing the second time,
and every demo account signs in and sees its own home with its role and unit in the header."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from evaluations import demo
from evaluations.management.commands import seed_demo
from evaluations.models import Answer, Assignment, Evidence, Period, PeriodIndicator, StageResult
from indicators.models import Framework, Indicator
from skpd.models import Profile, Unit
from skpd.roles import Role, role_of, unit_of

User = get_user_model()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _seed(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=out, **options)
    return out.getvalue()


def _snapshot():
    """Every row seed_demo touches, with the values that matter, so any change shows."""
    return {
        "units": sorted(Unit.objects.values_list("code", "name", "short_name", "kind", "is_active")),
        "users": sorted(User.objects.values_list("username", "password", "is_staff", "is_superuser", "first_name")),
        "groups": sorted(User.groups.through.objects.values_list("user__username", "group__name")),
        "profiles": sorted(Profile.objects.values_list("user__username", "unit__code")),
        "scopes": sorted(Profile.review_aspects.through.objects.values_list("profile__user__username", "aspect_id")),
        "frameworks": sorted(Framework.objects.values_list("code", flat=True)),
        "indicators": Indicator.objects.count(),
        "periods": sorted(
            Period.objects.values_list("year", "status", "framework__code", "target_index", "self_assessment_due")
        ),
        "assignments": sorted(
            Assignment.objects.values_list("period__year", "indicator__number", "unit__code", "role")
        ),
        "settings": sorted(PeriodIndicator.objects.values_list("period__year", "indicator__number", "service_name")),
        "answers": sorted(
            Answer.objects.values_list(
                "period__year", "indicator__number", "unit__code", "status", "proposed_level", "version"
            )
        ),
        "results": StageResult.objects.count(),
        "evidence": Evidence.objects.count(),
        "history": Assignment.history.count() + Period.history.count() + Answer.history.count(),
    }


def test_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        _seed()
    assert not Unit.objects.exists() and not User.objects.exists()


def test_seeds_everything_and_second_run_changes_nothing(db, settings):
    settings.DEBUG = False  # --force overrides the refusal
    _seed(force=True)
    units_in_file = len(seed_demo.UNITS_FILE.read_text(encoding="utf-8").strip().splitlines()) - 1
    assert Unit.objects.count() == units_in_file == 45
    assert User.objects.count() == len(seed_demo.DEMO_ACCOUNTS) + units_in_file
    assert {"op-bappeda", "op-bkd", "op-diskominfo", "op-rsud-ulin"} <= set(
        User.objects.values_list("username", flat=True)
    )

    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser and role_of(admin) == Role.ADMIN
    assert role_of(User.objects.get(username="pimpinan")) == Role.EXECUTIVE
    layanan = User.objects.get(username="reviewer-layanan")
    assert role_of(layanan) == Role.REVIEWER
    assert sorted(layanan.profile.review_aspects.values_list("number", flat=True)) == [7, 8]
    assert not User.objects.get(username="reviewer").profile.review_aspects.exists()
    officer = User.objects.get(username="op-dinkes")
    assert role_of(officer) == Role.OFFICER and unit_of(officer).code == "DINKES"
    assert all(u.check_password("demo-spbe") for u in User.objects.filter(username__in=["admin", "op-dinkes"]))

    period = Period.objects.get(year=2026)
    assert period.framework.code == "spbe-2020" and period.status == Period.Status.OPEN
    assert period.is_illustrative and str(period.target_index) == "3.50"
    assert period.self_assessment_due > period.self_assessment_start
    leads = dict(
        Assignment.objects.filter(period=period, role=Assignment.Role.LEAD).values_list(
            "indicator__number", "unit__code"
        )
    )
    assert len(leads) == 47
    assert (leads[1], leads[13], leads[25], leads[35], leads[37], leads[44]) == (
        "DISKOMINFO",
        "BAPPEDA",
        "BKD",
        "SETDA-PBJ",
        "DISPERSIP",
        "SETDA-HUK",
    )
    assert (leads[45], leads[46], leads[47]) == ("DPMPTSP", "DINKES", "DISDIKBUD")
    contributors = set(
        Assignment.objects.filter(period=period, indicator__number=1, role=Assignment.Role.CONTRIBUTOR).values_list(
            "unit__code", flat=True
        )
    )
    assert contributors == {"SETDA-HUK"}
    services = dict(
        PeriodIndicator.objects.filter(period=period)
        .exclude(service_name="")
        .values_list("indicator__number", "service_name")
    )
    assert services[45] == "Perizinan online (SIMPONI)" and set(services) == {45, 46, 47}
    assert Group.objects.filter(name__in=["Petugas SKPD", "Reviewer", "Pimpinan", "Administrator"]).count() == 4

    before = _snapshot()
    output = _seed(force=True)
    assert _snapshot() == before
    assert "0 dibuat" in output


def test_keeps_what_an_administrator_changed(db, settings):
    settings.DEBUG = True
    _seed()
    Unit.objects.filter(code="BKD").update(name="Badan Kepegawaian Daerah (baru)")
    user = User.objects.get(username="pimpinan")
    user.set_password("kata-sandi-baru-2026")
    user.save()
    Assignment.objects.filter(period__year=2026, indicator__number=43).delete()
    _seed()
    assert Unit.objects.get(code="BKD").name == "Badan Kepegawaian Daerah (baru)"
    assert User.objects.get(username="pimpinan").check_password("kata-sandi-baru-2026")
    # a missing assignment is filled again (only what is missing)
    assert Assignment.objects.filter(period__year=2026, indicator__number=43, unit__code="DISKOMINFO").exists()


@pytest.mark.parametrize(
    ("username", "role_label", "unit_label", "lands_on"),
    [
        ("admin", "Administrator", "Diskominfo", "home"),
        ("reviewer", "Peninjau", "Diskominfo", "home"),
        ("reviewer-layanan", "Peninjau", "Diskominfo", "home"),
        ("pimpinan", "Pimpinan", "Biro Adpim", "home"),
        ("op-diskominfo", "Petugas SKPD", "Diskominfo", "evaluations:worklist"),
        ("op-bappeda", "Petugas SKPD", "Bappeda", "evaluations:worklist"),
    ],
)
def test_demo_accounts_sign_in_and_see_their_home(client, db, settings, username, role_label, unit_label, lands_on):
    settings.DEBUG = True
    _seed()
    response = client.post(reverse("login"), {"username": username, "password": "demo-spbe"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(lands_on)
    assert f'<span class="who-role">{role_label}' in response.text
    assert f'<span class="who-unit">{unit_label}</span>' in response.text


def test_without_framework_it_warns_and_skips_the_periods(db, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(demo, "FRAMEWORK_CODE", "tidak-ada")
    output = _seed()
    assert "kerangka tidak-ada tidak ada" in output
    assert "Kerangka tidak-ada belum dimuat: riwayat periode dilewati." in output
    assert not Period.objects.exists()
    assert Unit.objects.count() == 45 and User.objects.filter(username="op-bkd").exists()
