"""Corrupt tables show the one-line error page, not Streamlit's exception box (defect 9 of issue 18)."""

import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.view.data import TablesError, load_tables
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
TABLES = ROOT / "data" / "tables"


@pytest.fixture
def tables(tmp_path, monkeypatch):
    out = tmp_path / "tables"
    shutil.copytree(TABLES, out)
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(out))
    return out


def edit_parquet(directory, name, edit):
    path = directory / "parquet" / f"{name}.parquet"
    frame = edit(pq.read_table(path).to_pandas())
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


def set_column(column, values):
    def edit(frame):
        frame[column] = values(frame) if callable(values) else values
        return frame

    return edit


CORRUPTIONS = {
    "n_sources 1.5": ("initiatives", set_column("n_sources", 1.5), "column n_sources"),
    "n_sources 1e30": ("initiatives", set_column("n_sources", 1e30), "column n_sources"),
    "a status code out of range": ("initiatives", set_column("_status", 99), "column _status"),
    "a country code out of range": ("initiative_countries", set_column("_country", 10_000), "column _country"),
    "an initiative code out of range": ("status_history", set_column("_ini", -7), "column _ini"),
    "a null name": ("initiatives", set_column("name", None), "column name"),
    "a date 'yesterday'": ("status_history", set_column("date", "yesterday"), "column date"),
    "a duplicated initiative id": (
        "initiatives",
        set_column("initiative_id", lambda f: [f["initiative_id"].iloc[0]] * len(f)),
        "duplicate initiative_id",
    ),
    "an unknown status": ("initiatives", set_column("status", "finished"), "column status"),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_a_corrupt_parquet_table_shows_the_one_line_error_page(tables, case):
    name, edit, problem = CORRUPTIONS[case]
    edit_parquet(tables, name, edit)
    with pytest.raises(TablesError) as caught:
        load_tables(tables)
    assert str(caught.value).startswith(f"{tables / 'parquet'}: table {name}: ") and problem in str(caught.value)
    assert "\n" not in str(caught.value)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert len(at.error) == 1 and "The data cannot be loaded" in at.error[0].value.replace("\\", "")


def test_a_version_stamp_that_is_not_utf8_shows_the_error_page(tables):
    (tables / "parquet" / "VERSION").write_bytes(b"\xff\xfe\x00garbage")
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "not a version stamp" in at.error[0].value.replace("\\", "")


@pytest.mark.parametrize(
    ("name", "edit", "problem"),
    [
        ("documents", lambda text: text.replace("2025-12-20", "yesterday", 1), "column published"),
        ("countries", lambda text: text + text.splitlines()[1] + "\n", "duplicate iso3"),
    ],
)
def test_a_corrupt_csv_table_shows_the_one_line_error_page(tables, name, edit, problem):
    (tables / "parquet" / "VERSION").unlink()  # the CSVs are read
    path = tables / f"{name}.csv"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(TablesError, match=problem):
        load_tables(tables)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and at.error


def test_the_published_tables_pass_their_schema():
    assert len(load_tables(TABLES).initiatives) > 0
