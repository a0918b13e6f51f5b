"""Models and migrations agree: a model change without its migration fails the suite."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_pending_migrations():
    # --check exits non-zero (SystemExit) when a migration is missing.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
