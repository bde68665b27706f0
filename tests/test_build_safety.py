"""What build, extract and add refuse, and two builds at once (defects 5, 6, 8, 10, 11 of issue 18)."""

import csv
import fcntl
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

from dashboard import build, intake
from dashboard.errors import InputError
from dashboard.tables import TABLES
from dashboard.view.data import app_copy_is_current
from tests.conftest import ROOT, SEED

FOLLOWUPS = ROOT / "tests" / "fixtures" / "followups"


def run_cli(*args, timeout=120):
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout
    )


@pytest.fixture
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


def build_into(seeds, out):
    build.run(seeds=seeds, out_dir=out, overrides_path=seeds.parent / "none.yaml")


# --- Defect 5: two builds at once ---------------------------------------------------------------


def test_cleanup_keeps_the_staging_folder_of_a_live_build_and_removes_a_dead_ones(seeds, tmp_path):
    out = tmp_path / "tables"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        live = tmp_path / f".tables.{other.pid}.abc123"
        dead = tmp_path / ".tables.999999999.def456"
        for folder in (live, dead):
            folder.mkdir()
            (folder / "initiatives.csv").write_text("half-written\n", encoding="utf-8")
        build_into(seeds, out)
        assert live.exists() and not dead.exists()
        assert build.stale_files(out, build.render(build.extract_files(build.source_files(seeds)))) == []
    finally:
        other.kill()
        other.wait()


BUILD = (
    "import sys; from pathlib import Path; from dashboard import build; "
    "build.run(seeds=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), overrides_path=Path(sys.argv[3]))"
)


def start_build(seeds, out):
    return subprocess.Popen(
        [sys.executable, "-c", BUILD, str(seeds), str(out), str(seeds.parent / "none.yaml")],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_a_build_waits_while_another_holds_the_lock(seeds, tmp_path):
    out = tmp_path / "tables"
    with open(tmp_path / ".tables.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        waiting = start_build(seeds, out)
        line = waiting.stderr.readline()  # said before it blocks
        assert "waiting for another build" in line and ".tables.lock" in line
        assert waiting.poll() is None and not out.exists()
    assert waiting.wait(120) == 0
    assert (out / "datapackage.json").exists()


def test_two_builds_at_once_publish_one_whole_build(tmp_path):
    corpora = []
    for name, extra in (("a", []), ("b", sorted(FOLLOWUPS.iterdir()))):
        folder = tmp_path / name
        folder.mkdir()
        for path in [SEED, *extra]:
            shutil.copy(path, folder / path.name)
        corpora.append(folder)
    out = tmp_path / "tables"
    builds = [start_build(folder, out) for folder in corpora]
    assert [b.wait(180) for b in builds] == [0, 0]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:  # every table is the one its datapackage describes
        digest = hashlib.sha256((out / resource["path"]).read_bytes()).hexdigest()
        assert resource["hash"] == f"sha256:{digest}", resource["path"]
    assert app_copy_is_current(out, package["version"])  # and the Parquet copy is of the same build
    assert all((out / "parquet" / f"{name}.parquet").exists() for name in TABLES)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tables.")) == [".tables.lock"]


# --- Defect 6: a seed must be a regular file inside seeds/ ------------------------------------------


def test_a_symlinked_seed_is_refused_naming_it(seeds, tmp_path):
    (seeds / "x.txt").symlink_to("/etc/passwd")
    with pytest.raises(InputError) as caught:
        build_into(seeds, tmp_path / "tables")
    assert str(caught.value) == f"{seeds / 'x.txt'}: is a symbolic link; seeds/ takes regular files only"
    assert not (tmp_path / "tables").exists()


def test_a_symlinked_metadata_file_and_a_folder_are_refused(seeds, tmp_path):
    (seeds / "001_dir.txt").mkdir()
    with pytest.raises(InputError, match="001_dir.txt: is not a regular file"):
        build_into(seeds, tmp_path / "tables")
    (seeds / "001_dir.txt").rmdir()
    meta = seeds / (SEED.stem + ".meta.yaml")
    meta.symlink_to("/etc/hostname")
    with pytest.raises(InputError, match=r"\.meta\.yaml: is a symbolic link"):
        build_into(seeds, tmp_path / "tables")


# --- Defect 8: file names build cannot use ---------------------------------------------------------


def test_a_seed_name_too_long_for_its_metadata_file_is_refused_in_one_line(seeds, tmp_path):
    long = seeds / ("a" * 247 + ".txt")  # 251 characters: its NAME.meta.yaml would be 257
    shutil.copy(SEED, long)
    with pytest.raises(InputError) as caught:
        build_into(seeds, tmp_path / "tables")
    assert str(caught.value).endswith("file name is too long (251 bytes; at most 249, so that NAME.meta.yaml fits)")


def test_a_seed_name_that_is_not_utf8_is_refused_in_one_line(seeds, tmp_path):
    with open(os.path.join(os.fsencode(seeds), b"002_\xff.txt"), "wb") as f:
        f.write(SEED.read_bytes())
    with pytest.raises(InputError) as caught:
        build_into(seeds, tmp_path / "tables")
    assert str(caught.value) == f"{seeds}/002_\\xff.txt: file name is not valid UTF-8; rename it"


def test_add_refuses_a_file_name_that_is_not_utf8_in_one_line(tmp_path):
    path = os.path.join(os.fsencode(tmp_path), b"new_\xff.txt")
    with open(path, "wb") as f:
        f.write(SEED.read_bytes())
    with pytest.raises(InputError, match="file name is not valid UTF-8"):
        intake.add_document(os.fsdecode(path), tmp_path / "seeds")


# --- Defect 10: extract reads at most the cap, and regular files only ----------------------------


def test_extract_refuses_a_device_in_one_line():
    result = run_cli("extract", "/dev/zero", timeout=30)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "error: /dev/zero: not a regular file\n"


def test_extract_refuses_a_huge_file_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(50 * 1024**3)  # sparse: 50 GB that a full read would try to hold in memory
    result = run_cli("extract", str(huge), timeout=30)
    assert result.returncode == 2
    assert result.stderr == f"error: {huge}: file is 53687.1 MB; the limit is 5 MB\n"


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = run_cli("extract", str(fifo), timeout=30)
    assert result.stderr == f"error: {fifo}: not a regular file\n"


# --- Defect 11: extract --format csv keeps cells raw by design; --safe-csv guards them -------------


def hostile_file(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text("date 2025-12-20\n\n=cmd|' /C calc'!A0 Japan proposed creating a Tashkent Logistics Hub.\n")
    return path


def cells(stdout: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(stdout)) for cell in row]


def test_extract_csv_keeps_cells_raw_and_says_so_in_its_help(tmp_path):
    raw = run_cli("extract", str(hostile_file(tmp_path)), "--format", "csv")
    assert raw.returncode == 0 and any(c.startswith("=cmd") for c in cells(raw.stdout))
    assert "--safe-csv" in run_cli("extract", "--help").stdout


def test_extract_safe_csv_guards_every_formula_cell(tmp_path):
    from dashboard.view.exports import FORMULA_PREFIXES

    safe = run_cli("extract", str(hostile_file(tmp_path)), "--format", "csv", "--safe-csv")
    assert safe.returncode == 0, safe.stderr
    values = cells(safe.stdout)
    assert "'=cmd|' /C calc'!A0 Japan proposed creating a Tashkent Logistics Hub." in values
    assert not any(c.startswith(FORMULA_PREFIXES) for c in values)
