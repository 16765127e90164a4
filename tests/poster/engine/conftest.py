"""The sender's tests: fakes live in engine_fakes.py (importable from here)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
