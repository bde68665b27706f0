"""Compile the extraction modules with mypyc: `python -m dashboard.native` (`make compiled`).

Compiled, they extract 15 to 20% faster (BENCHMARKS.md) and give the same records
(tests/test_native.py). The package loads them only while they are current (dashboard/__init__.py);
without a compile (a fresh clone, Streamlit Community Cloud) the Python modules run."""

import shutil
from pathlib import Path

from dashboard import COMPILED_DIR, COMPILED_MODULES, COMPILED_STAMP, sources_digest


def compile_modules() -> None:
    """Compile COMPILED_MODULES into COMPILED_DIR and record their digest (about a minute)."""
    from mypyc.build import mypycify
    from setuptools import Distribution

    COMPILED_STAMP.unlink(missing_ok=True)  # a half-finished compile is never loaded
    shutil.rmtree(COMPILED_DIR / "dashboard", ignore_errors=True)  # nor a module compiled before and dropped since
    package = Path(__file__).resolve().parent
    options = ["--ignore-missing-imports", "--follow-imports=silent"]  # spaCy ships no type stubs
    paths = [str(package / f"{name}.py") for name in COMPILED_MODULES]
    extensions = mypycify([*options, *paths], group_name="dashboard.compiled", target_dir=str(COMPILED_DIR / "c"))
    dist = Distribution({"name": "dashboard-compiled", "ext_modules": extensions, "packages": []})
    dist.verbose = 0  # the compiler lines; mypy errors still print
    command = dist.get_command_obj("build_ext")
    command.build_lib, command.build_temp = str(COMPILED_DIR), str(COMPILED_DIR / "temp")
    dist.run_command("build_ext")
    COMPILED_STAMP.write_text(sources_digest() + "\n", encoding="ascii")


def in_use() -> bool:
    """Whether the extraction modules of this process are the compiled ones."""
    from dashboard import extract

    return not extract.__file__.endswith(".py")


if __name__ == "__main__":
    compile_modules()
    print(f"compiled {', '.join(COMPILED_MODULES)} into {COMPILED_DIR}")
