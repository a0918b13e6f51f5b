import pytest
from django.utils import translation

from spbe_portal.templatetags.file_sizes import file_size


@pytest.mark.parametrize(
    ("size", "indonesian", "english"),
    [
        (0, "0 B", "0 B"),
        (602, "602 B", "602 B"),
        (1024, "1,0 KB", "1.0 KB"),
        (48 * 1024 + 300, "48,3 KB", "48.3 KB"),
        (250 * 1024, "250 KB", "250 KB"),
        (int(2.4 * 1024 * 1024), "2,4 MB", "2.4 MB"),
        (3 * 1024**3, "3,0 GB", "3.0 GB"),
    ],
)
def test_file_size_reads_as_people_expect(size, indonesian, english):
    with translation.override("id"):
        assert file_size(size) == indonesian
    with translation.override("en"):
        assert file_size(size) == english


def test_not_a_size_is_empty():
    assert file_size(None) == ""
    assert file_size("x") == ""
