"""Published results for tests: the shipped national average (without its framework, so any test
framework will do) and single results made directly."""

import csv
from decimal import Decimal

from evaluations.models import PublishedResult
from evaluations.peers.loader import SHIPPED_FILE


def shipped_rows(kind=None):
    with open(SHIPPED_FILE, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row for row in rows if kind is None or row["kind"] == kind]


def make_national_average():
    """The shipped national average rows, as the loader would record them."""
    return [
        PublishedResult.objects.create(
            body=row["body"],
            kind=row["kind"],
            year=int(row["year"]),
            index=Decimal(row["index"]),
            source=row["source"],
            note=row["note"],
        )
        for row in shipped_rows(PublishedResult.Kind.NATIONAL)
    ]


def make_published(body, year, index, *, kind=PublishedResult.Kind.PROVINSI, **fields):
    return PublishedResult.objects.create(
        body=body,
        kind=kind,
        year=year,
        index=Decimal(str(index)),
        source=fields.pop("source", "https://contoh.go.id"),
        **fields,
    )
