"""The loaded tables checked against the data package's schema (pandera), before any page reads them.

A table that does not hold what `dashboard.schema` declares (an integer that is 1.5, a date
that says "yesterday", a null name, a duplicated id) or whose integer codes point outside
the tables they index would raise deep inside a chart. `check_tables` turns it into one
TablesError, which the app shows as its error page. The schemas are made from
`schema.SCHEMAS` and `schema.PRIMARY_KEYS`, so the contract is declared once. No Streamlit.
"""

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaError

from dashboard.schema import PRIMARY_KEYS, SCHEMAS, Column
from dashboard.view.style import STATUS_ORDER

ISO_DATE = r"(\d{4}(-\d{2}(-\d{2})?)?)?"  # ISO 8601 at the precision given, or empty (unknown)
RANGES = {  # integer columns: the values they may hold
    "iati_status": (1, 6),  # IATI ActivityStatus codes
    "dac_code": (100, 999),  # OECD DAC (CRS) 3-digit sector codes
    "n_sources": (0, None),
    "confidence": (0, 100),
    "start": (0, None),
    "end": (0, None),
    "evidence_start": (0, None),
    "evidence_end": (0, None),
}
TEXT = pa.Check(lambda s: pd.api.types.is_string_dtype(s.dtype) or s.dtype == object, name="is text")
BOOLEAN = pa.Check(
    lambda s: pd.api.types.is_bool_dtype(s.dtype) or bool(s.isin(["true", "false", ""]).all()),
    name="is true, false or empty",
)
INTEGER = pa.Check(lambda s: pd.api.types.is_integer_dtype(s.dtype), name="is an integer column")


class TableCheckError(ValueError):
    """One table's first failure, said in one line."""


def _field(column: Column) -> pa.Column:
    checks = [TEXT]
    if column.type == "integer":
        low, high = RANGES.get(column.name, (None, None))
        checks = [INTEGER] + ([pa.Check.in_range(low, high)] if high else [pa.Check.ge(low)] if low is not None else [])
    elif column.type == "boolean":
        checks = [BOOLEAN]
    elif column.type == "date":
        checks.append(pa.Check.str_matches(ISO_DATE + "$"))
    elif column.name == "status" and column.description.startswith(("Latest", "Status claimed")):
        checks.append(pa.Check.isin(STATUS_ORDER))
    return pa.Column(checks=checks, nullable=column.type == "integer", coerce=False)


def _codes(sizes: dict[str, int]) -> dict[str, pa.Column]:
    """The app's integer codes: each must point at a row of the table it indexes (-1: none)."""

    def code(size: int, missing: bool = True) -> pa.Column:
        return pa.Column(checks=[INTEGER, pa.Check.in_range(-1 if missing else 0, size - 1)], required=False)

    return {
        "_ini": code(sizes["initiatives"]),
        "_doc": code(sizes["documents"]),
        "_sector": code(sizes["sectors"]),
        "_country": code(sizes["countries"]),
        "_status": code(len(STATUS_ORDER), missing=False),
        "_month": pa.Column(checks=[INTEGER, pa.Check.ge(-1)], required=False),
        "_order": code(sizes["initiatives"], missing=False),
        "_rank": code(sizes["initiatives"], missing=False),
    }


def schemas(sizes: dict[str, int]) -> dict[str, pa.DataFrameSchema]:
    """Every table's schema, for tables of these sizes (the codes' ranges depend on them)."""
    codes = _codes(sizes)
    out = {}
    for name, columns in SCHEMAS.items():
        fields = {c.name: _field(c) for c in columns} | codes
        if name == "initiatives":
            fields["_ini"] = pa.Column(
                checks=[INTEGER, pa.Check.in_range(0, sizes[name] - 1)], unique=True, required=False
            )
        out[name] = pa.DataFrameSchema(fields, unique=PRIMARY_KEYS[name], name=name, strict=False)
    return out


def check_tables(frames: dict[str, pd.DataFrame]) -> None:
    """Raise TableCheckError, in one line, at the first table that breaks its schema."""
    sizes = {name: len(frame) for name, frame in frames.items()}
    for name, schema in schemas(sizes).items():
        try:
            schema.validate(frames[name], lazy=False)
        except SchemaError as exc:
            raise TableCheckError(f"table {name}: {_describe(exc)}") from None


def _describe(exc: SchemaError) -> str:
    column = getattr(exc.schema, "name", None) if isinstance(exc.schema, pa.Column) else None
    check = exc.check.name if isinstance(exc.check, pa.Check) and exc.check.name else str(exc.check or "")
    cases = exc.failure_cases
    example = ""
    if isinstance(cases, pd.DataFrame) and "failure_case" in cases and len(cases):
        example = f", e.g. {str(cases['failure_case'].iloc[0])[:60]!r}"
    reason = exc.reason_code.name if exc.reason_code else ""
    if "UNIQUE" in reason or "uniqueness" in check:
        keys = [str(column)] if column else PRIMARY_KEYS.get(str(exc.schema.name), [])
        return f"duplicate {', '.join(keys)}{example}"
    if "NULL" in reason:
        return f"column {column} holds empty (null) values"
    where = f"column {column}" if column else "the table"
    return f"{where} fails '{check or reason.lower()}'{example}"
