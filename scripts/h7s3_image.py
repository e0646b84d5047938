#!/usr/bin/env python3
"""The NUCLEO-H7S3L8 application header: fill in an image's length and CRCs (h7tools/h7s3_image.py)."""
import sys

import _h7path  # noqa: F401
from h7tools.h7s3_image import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv))
