"""Settings for several app servers: shared cache, sessions and evidence storage, from the environment."""

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "import django, json; django.setup(); from django.conf import settings; "
    "from django.core.files.storage import storages; default_storage = storages['default']; "
    "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], "
    "'location': settings.CACHES['default'].get('LOCATION'), 'session': settings.SESSION_ENGINE, "
    "'storage': type(default_storage).__module__ + '.' + type(default_storage).__name__, "
    "'bucket': getattr(default_storage, 'bucket_name', None), 'endpoint': getattr(default_storage, 'endpoint_url', None)}))"
)


def settings_with(**env):
    clean = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "spbe_portal.settings", "DEBUG": "1", **env}
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )
    return result


def test_defaults_keep_everything_in_this_machine():
    result = settings_with()
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["cache"].endswith("LocMemCache")
    assert shown["session"] == "django.contrib.sessions.backends.db"
    assert shown["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_redis_cache_url_shares_the_cache_and_sessions_can_live_in_it():
    result = settings_with(CACHE_URL="redis://10.0.0.5:6379/1", SESSION_STORE="cache")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["location"] == "redis://10.0.0.5:6379/1"
    assert shown["session"] == "django.contrib.sessions.backends.cache"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"CACHE_URL": "memcached://10.0.0.5:11211"}, "CACHE_URL"),
        ({"SESSION_STORE": "file"}, "SESSION_STORE"),
        # Sessions in a per-process cache would sign people out whenever the balancer switches server.
        ({"SESSION_STORE": "cache"}, "CACHE_URL=redis"),
        ({"EVIDENCE_STORAGE": "ftp"}, "EVIDENCE_STORAGE"),
        ({"EVIDENCE_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
    ],
)
def test_a_wrong_store_setting_refuses_to_start_and_names_it(env, named):
    if named == "AWS_STORAGE_BUCKET_NAME" and importlib.util.find_spec("storages") is None:
        named = "django-storages"  # without the package, that is what is missing first
    result = settings_with(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.splitlines()[-1]


@pytest.mark.skipif(importlib.util.find_spec("storages") is None, reason="django-storages not installed ('.[s3]')")
def test_s3_evidence_storage_uses_the_bucket_and_endpoint():
    result = settings_with(
        EVIDENCE_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="bukti-dukung", AWS_S3_ENDPOINT_URL="http://10.0.0.6:9000"
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["storage"] == "storages.backends.s3.S3Storage"
    assert shown["bucket"] == "bukti-dukung"
    assert shown["endpoint"] == "http://10.0.0.6:9000"
