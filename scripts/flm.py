#!/usr/bin/env python3
"""CMSIS-Pack flash algorithms: check an FLM, write its probe-rs YAML (h7tools/flm.py)."""
import sys

import _h7path  # noqa: F401
from h7tools.flm import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv))
