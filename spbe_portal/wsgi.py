"""WSGI entry point for gunicorn: ``gunicorn spbe_portal.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from spbe_portal.lib.env import load_settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spbe_portal.settings")
load_settings_or_exit()  # a bad variable: one line naming it, then exit 1 (gunicorn stops)
application = get_wsgi_application()
