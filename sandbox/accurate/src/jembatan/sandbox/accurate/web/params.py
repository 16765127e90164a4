"""Request parameters: query string, JSON body, or form body with flat keys (``detailItem[0].itemNo``)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request

from ..domain.errors import AccurateError

_TOKEN = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")
FLAT_PREFIXES = ("filter.", "sp.")


def flat_pairs(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Repeated keys become lists (``filter.x.val=a&filter.x.val=b``)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            existing = result[key]
            result[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            result[key] = value
    return result


def unflatten(flat: dict[str, Any]) -> dict[str, Any]:
    """``data[0].detailItem[1].itemNo=…`` → nested dicts and lists; filter/sp keys stay flat."""
    root: dict[Any, Any] = {}
    for key, value in flat.items():
        if key.startswith(FLAT_PREFIXES) or ("[" not in key and "." not in key):
            root[key] = value
            continue
        tokens = [int(i) if i else name for i, name in _TOKEN.findall(key)]
        node = root
        for token in tokens[:-1]:
            node = node.setdefault(token, {})
            if not isinstance(node, dict):
                raise AccurateError(f'Invalid field value for field "{key}".')
        node[tokens[-1]] = value
    return _listify(root)


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    converted = {k: _listify(v) for k, v in node.items()}
    if converted and all(isinstance(k, int) for k in converted):
        return [converted[k] for k in sorted(converted)]
    return {str(k): v for k, v in converted.items()}


async def read_params(request: Request) -> dict[str, Any]:
    """Query parameters overlaid with the body (JSON object or form-urlencoded)."""
    params = flat_pairs(list(request.query_params.multi_items()))
    body = await request.body()
    if not body:
        return unflatten(params)
    content_type = request.headers.get("content-type", "")
    if "json" in content_type or body.lstrip()[:1] in (b"{", b"["):
        try:
            data = json.loads(body, parse_float=Decimal)
        except ValueError:
            raise AccurateError("Format JSON tidak valid") from None
        if isinstance(data, list):
            data = {"data": data}
        if not isinstance(data, dict):
            raise AccurateError("Format JSON tidak valid")
        return {**unflatten(params), **data}
    form = flat_pairs(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return unflatten({**params, **form})
