"""Typed readers for environment variables.

Every reader raises ``ImproperlyConfigured`` naming the variable when a value is malformed, so a
bad deployment stops at start-up with a message an operator can act on instead of a traceback
deep inside Django.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, environ=os.environ) -> str | None:
    return environ.get(name, default)


def env_bool(name: str, default: bool = False, *, environ=os.environ) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={raw!r} is not a boolean: use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int, *, minimum: int | None = None, environ=os.environ) -> int:
    raw = environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str] | None = None, *, environ=os.environ) -> list[str]:
    """A comma-separated list; blanks are dropped. ``ALLOWED_HOSTS=a.go.id, b.go.id``."""
    raw = environ.get(name)
    if raw is None:
        return list(default or [])
    items = [item.strip() for item in raw.split(",")]
    if any(" " in item for item in items):
        raise ImproperlyConfigured(
            f"Environment variable {name}={raw!r}: items must be separated by commas, not spaces."
        )
    return [item for item in items if item]


def database_from_url(url: str, *, name: str = "DATABASE_URL", base_dir: Path | None = None) -> dict:
    """Turn ``sqlite:///var/db.sqlite3`` or ``postgres://user:pw@host:5432/db`` into a DATABASES entry.

    A relative SQLite path is resolved against ``base_dir``. PostgreSQL uses psycopg 3 through
    Django's ``postgresql`` backend; query parameters (``?sslmode=require``) become OPTIONS.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative/path, sqlite:////absolute/path, sqlite://:memory:
        raw_path = unquote(parts.netloc + parts.path)
        if raw_path in (":memory:", "/:memory:"):
            path = ":memory:"
        else:
            # sqlite:///var/db → "var/db" (relative); sqlite:////srv/db → "/srv/db" (absolute)
            if raw_path.startswith("/"):
                raw_path = raw_path[1:]
            if not raw_path:
                raise ImproperlyConfigured(
                    f"{name}={url!r}: a SQLite URL needs a file path, e.g. sqlite:///var/db.sqlite3."
                )
            p = Path(raw_path)
            path = str(p if p.is_absolute() or base_dir is None else base_dir / p)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    if scheme in ("postgres", "postgresql", "pgsql"):
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise ImproperlyConfigured(
                f"{name}={url!r}: a PostgreSQL URL needs a database name, e.g. postgres://user@host:5432/spbe."
            )
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name}={url!r}: the port is not a number.") from None
        options = dict(parse_qsl(parts.query))
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
        }
        if "conn_max_age" in options:
            try:
                config["CONN_MAX_AGE"] = int(options.pop("conn_max_age"))
            except ValueError:
                raise ImproperlyConfigured(f"{name}={url!r}: conn_max_age must be a whole number of seconds.") from None
        if options:
            config["OPTIONS"] = options
        return config
    raise ImproperlyConfigured(
        f"{name}={url!r}: unsupported scheme {scheme or '(none)'!r}; use sqlite:///path or postgres://user@host:port/name."
    )


def load_settings_or_exit(stderr=None):
    """Import the settings now; a missing or malformed variable is one line on stderr and exit 1.

    ``manage.py`` and ``wsgi.py`` call this first, so an operator reads which variable is wrong and
    what it must be, not the last line of a 50-line traceback through Django's start-up.
    """
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 (the first access imports the settings module)
    except ImproperlyConfigured as exc:
        (stderr or sys.stderr).write(f"ImproperlyConfigured: {exc}\n")
        raise SystemExit(1) from None
