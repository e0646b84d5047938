"""Imported first by the scripts in this folder: puts the work tree on
sys.path so that `import h7tools` finds the package beside scripts/."""
import os
import sys

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..")))
