"""The SPBE Portal project package: settings, root URLs, WSGI/ASGI entry points and small helpers."""
