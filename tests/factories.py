"""Small make_* helpers that build valid objects with sensible defaults; tests override what matters."""

from django.contrib.auth import get_user_model

PASSWORD = "kata-sandi-uji-123"


def make_user(username="pengguna", *, password=PASSWORD, **fields):
    user_model = get_user_model()
    fields.setdefault("first_name", username.title())
    return user_model.objects.create_user(username=username, password=password, **fields)
