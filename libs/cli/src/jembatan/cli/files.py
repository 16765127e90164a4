"""Reading the JSON files an operator hands the CLI, with a readable complaint when they are wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .handled import BadInput


def read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"no such file: {path}") from None
    except json.JSONDecodeError as exc:
        raise BadInput(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None
