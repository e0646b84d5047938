import os
import sys

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
sys.path.insert(0, os.path.join(TOP, "scripts"))
FIRMWARE = os.path.join(TOP, "build/firmware")
