#!/usr/bin/env python3
"""Flash.sh h7s3: program the NUCLEO-H7S3L8's NOR through the flash algorithm (h7tools/h7s3_flash.py)."""
import sys

import _h7path  # noqa: F401
from h7tools.h7s3_flash import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
