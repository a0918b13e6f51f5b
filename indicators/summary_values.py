"""Summary values as people type them: ``"1=3.50,2=2.70,3=2.73,4=4.01"`` (domain or aspect number =
value), for ``compute_index --domains/--aspects`` and the published-results file. Pure parsing: the
arithmetic is ``scoring.index_from_domains`` / ``index_from_aspects``."""

from decimal import Decimal, InvalidOperation


def parse_summary_values(text: str, what: str = "domain") -> dict[int, Decimal]:
    """``{number: Decimal}`` from ``"1=3.50,2=2.70"``; a decimal comma is not accepted here because
    the comma separates the parts. Raises ValueError naming the bad part ("bagian 2 '2=x': …")."""
    values: dict[int, Decimal] = {}
    text = (text or "").strip()
    if not text:
        raise ValueError(f"tidak ada nilai {what}; tulis misalnya 1=3.50,2=2.70")
    for position, raw in enumerate(text.split(","), start=1):
        part = raw.strip()
        where = f"bagian {position} {part!r}"
        if "=" not in part:
            raise ValueError(f"{where}: harus berbentuk nomor=nilai, misalnya 1=3.50")
        number_text, _sep, value_text = (piece.strip() for piece in part.partition("="))
        if not number_text.isdigit() or len(number_text) > 3:
            raise ValueError(f"{where}: nomor {what} {number_text!r} bukan bilangan bulat")
        number = int(number_text)
        try:
            value = Decimal(value_text)
        except InvalidOperation:
            raise ValueError(f"{where}: nilai {value_text!r} bukan angka (pakai titik desimal)") from None
        if not value.is_finite():
            raise ValueError(f"{where}: nilai {value_text!r} bukan angka")
        if number in values:
            raise ValueError(f"{where}: {what} {number} disebut dua kali")
        values[number] = value
    return values


def format_summary_values(values) -> str:
    """The inverse of :func:`parse_summary_values`: ``{1: Decimal("3.5")} → "1=3.5"``."""
    return ",".join(f"{int(number)}={value}" for number, value in sorted(values.items(), key=lambda kv: int(kv[0])))
