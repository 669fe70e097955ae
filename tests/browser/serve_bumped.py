"""`python -m app serve` with the analysis version bumped, as an upgrade would: the browser test of
corrections restarts its server through this to see them survive a recompute. Test-only: it patches
the version in this process before serving, and no route knows of it.

Usage: python tests/browser/serve_bumped.py VERSION serve --host 127.0.0.1 --port PORT
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import app.services.comparisons as comparisons
from app.cli import cli

if __name__ == "__main__":
    comparisons.ANALYSIS_VERSION = sys.argv[1]
    cli(sys.argv[2:])
