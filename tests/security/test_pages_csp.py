"""Every page of the portal (every GET case of the access matrix, as a role that may open it) is
sent with the strict CSP and holds no inline script the CSP would block."""

import pytest

from tests.security.test_fuzz_views import GET_CASES, send, users_of
from tests.security.test_production_settings import assert_strict_csp, inline_scripts
from tests.test_access_matrix import world  # noqa: F401  (the module-scoped world fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("case", GET_CASES, ids=[c.id for c in GET_CASES])
def test_every_page_has_the_csp_and_no_inline_script(world, case):  # noqa: F811
    role = users_of(case)[0]
    response = send(world, role, "get", case.url(world), htmx=case.htmx)
    assert "Content-Security-Policy" in response, case.id  # downloads carry a stricter one of their own
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        assert_strict_csp(response["Content-Security-Policy"])
        assert inline_scripts(response.content.decode()) == [], case.id
