"""Hypothesis strategies for hostile input: values a person, a spreadsheet or an attacker might send."""

from hypothesis import strategies as st

NASTY_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "2,5",
    "1e3",
    "1e999999999",
    "-1e999999999",
    "Infinity",
    "-inf",
    "NaN",
    "sNaN",
    "9" * 40,
    "²",
    "٣",  # Arabic-Indic three: isdigit() is true
    "\x00",
    "a\x00b",
    "\u202e",
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "../../etc/passwd",
    "x" * 300,
    "None",
    "true",
    "[]",
    "{}",
]

nasty_text = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=30))
nasty_int = st.one_of(
    st.sampled_from([0, -1, 1, 2, 5, 6, 2026, 10**6, 2**31, 2**63, -(2**63), 10**30]),
    st.integers(min_value=-(10**20), max_value=10**20),
)
query_value = st.one_of(nasty_text, nasty_int.map(str))

# JSON values for the framework loader (what json.loads can give, plus Python extras a caller might pass).
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    nasty_int,
    st.floats(allow_nan=True, allow_infinity=True),
    nasty_text,
)
json_value = st.recursive(
    json_scalar,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["number", "name", "x", "weight"]), children, max_size=3),
    ),
    max_leaves=6,
)
