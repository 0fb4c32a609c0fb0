"""The rendered examples the linters check."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
RENDERED = pathlib.Path(os.environ.get("ORGBACKUP_RENDERED", ROOT / "out"))


def rendered(pattern):
    files = sorted(RENDERED.glob(pattern))
    if not files:
        pytest.fail(f"nothing matches {pattern} under {RENDERED}: run `make demo` or set ORGBACKUP_RENDERED")
    return files
