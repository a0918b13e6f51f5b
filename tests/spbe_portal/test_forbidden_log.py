"""An expected 403 is logged as one line, without a traceback."""

import logging

import pytest
from django.urls import reverse

from skpd.roles import Role
from tests.factories import make_unit, make_user


@pytest.mark.django_db
def test_a_403_is_logged_as_one_line_without_traceback(client, caplog):
    client.force_login(make_user("op-x", role=Role.OFFICER, unit=make_unit("X")))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("skpd:unit_list"))
    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.status_code == 403 and record.exc_info is None
    line = logging.Formatter().format(record)
    assert line == f"Forbidden (Permission denied): {reverse('skpd:unit_list')}"


@pytest.mark.django_db
def test_a_500_keeps_its_traceback():
    from spbe_portal.log_filters import ForbiddenWithoutTraceback

    try:
        raise RuntimeError("rusak")
    except RuntimeError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    record.status_code = 500
    assert ForbiddenWithoutTraceback().filter(record) and record.exc_info is not None
