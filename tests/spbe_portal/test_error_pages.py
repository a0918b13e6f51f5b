"""400, 403, 404 and 500 are the portal's own pages, in the reader's language, with a way back."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.factories import make_world, role_users

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_debug")]


@pytest.fixture
def no_debug(settings):
    settings.DEBUG = False
    yield
    translation.activate("id")


def test_404_is_a_portal_page_with_a_way_home(client):
    world = make_world(users=role_users())
    client.force_login(world.users["officer"])
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert f'href="{reverse("home")}"' in html
    assert "site-nav" in html  # the portal's own navigation, not a bare page


def test_404_in_english_for_an_english_reader(client):
    world = make_world(users=role_users())
    client.force_login(world.users["officer"])
    client.cookies["django_language"] = "en"
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_403_is_a_portal_page_with_a_way_home(client):
    world = make_world(users=role_users())
    client.force_login(world.users["officer"])
    response = client.get(reverse("skpd:unit_list"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Akses ditolak" in html
    assert f'href="{reverse("home")}"' in html


def test_anonymous_404_offers_sign_in(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Halaman tidak ditemukan" in html
    assert f'href="{reverse("login")}"' in html


@override_settings(ROOT_URLCONF="tests.spbe_portal.error_urls")
def test_500_is_a_portal_page_with_a_way_home(client):
    world = make_world(users=role_users())
    client.force_login(world.users["officer"])
    client.raise_request_exception = False
    response = client.get("/uji-gagal/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan di server" in html
    assert 'href="/"' in html
    assert "sengaja gagal" not in html  # no detail of the failure reaches the reader


def test_csrf_failure_page_says_what_to_do(client):
    world = make_world(users=role_users())
    csrf_client = type(client)(enforce_csrf_checks=True)
    csrf_client.force_login(world.users["officer"])
    response = csrf_client.post(reverse("logout"))
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in response.content.decode()
