"""The mapper's command line, calling its admin API.

python -m jembatan.mapper.cli --url http://localhost:8102 --token T validate-products TENANT
python -m jembatan.mapper.cli import-products TENANT
python -m jembatan.mapper.cli set-outlet TENANT OUTLET mapping.json [--create-missing]
python -m jembatan.mapper.cli load-products TENANT products.json
python -m jembatan.mapper.cli parked TENANT [--redrive]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import httpx


def _bar(done: int, total: int, width: int = 30) -> str:
    filled = width * done // total if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"


def validate(api: httpx.Client, tenant: str) -> int:
    report = api.get(f"/admin/tenants/{tenant}/products/validation").raise_for_status().json()
    for verdict, count in report["counts"].items():
        print(f"{verdict:>15}: {count}")
    for v in report["products"]:
        if v["verdict"] not in ("to_import", "in_accurate"):
            print(f"  {v['verdict']:<14} {v['sku'] or '-':<20} {v['name']}: {v['reason']}")
    return 0


def import_products(api: httpx.Client, tenant: str) -> int:
    with api.stream("POST", f"/admin/tenants/{tenant}/products/import", timeout=None) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            message: dict[str, Any] = json.loads(line) if line else {}
            if "done" in message:
                print("\r" + _bar(message["done"], message["total"]), end="", flush=True)
            elif "error" in message:
                print(f"\nimport failed: {message['error']}")
                return 1
            elif "report" in message:
                report = message["report"]
                print(f"\ncreated {len(report['created'])}, skipped {len(report['skipped'])}, "
                      f"refused {len(report['refused'])}, parked events now facts {report['facts_made']}")  # fmt: skip
                for sku, why in report["refused"].items():
                    print(f"  refused {sku}: {why}")
    return 0


def set_outlet(api: httpx.Client, tenant: str, outlet: str, path: str, create_missing: bool) -> int:
    body = json.loads(Path(path).read_text())
    response = api.put(f"/admin/tenants/{tenant}/outlets/{outlet}", json=body,
                       params={"create_missing": str(create_missing).lower()})  # fmt: skip
    if response.status_code == 422:
        print("the mapping was not saved:")
        for problem in response.json()["detail"]["problems"]:
            print(f"  - {problem}")
        return 1
    print(response.raise_for_status().json())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jembatan.mapper.cli", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--url", default=os.environ.get("JEMBATAN_MAPPER_URL", "http://127.0.0.1:8102"))
    parser.add_argument("--token", default=os.environ.get("JEMBATAN_ADMIN_TOKEN", "dev-admin-token"))
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("validate-products", "import-products", "parked", "load-products", "set-outlet"):
        cmd = sub.add_parser(name)
        cmd.add_argument("tenant")
    sub.choices["parked"].add_argument("--redrive", action="store_true")
    sub.choices["load-products"].add_argument("file", help="JSON list of GetProducts products")
    sub.choices["set-outlet"].add_argument("outlet")
    sub.choices["set-outlet"].add_argument("file", help="JSON outlet mapping")
    sub.choices["set-outlet"].add_argument("--create-missing", action="store_true")
    args = parser.parse_args(argv)
    with httpx.Client(
        base_url=args.url, headers={"Authorization": f"Bearer {args.token}"}, timeout=60
    ) as api:
        if args.command == "validate-products":
            return validate(api, args.tenant)
        if args.command == "import-products":
            return import_products(api, args.tenant)
        if args.command == "set-outlet":
            return set_outlet(api, args.tenant, args.outlet, args.file, args.create_missing)
        if args.command == "load-products":
            products = json.loads(Path(args.file).read_text())
            print(api.put(f"/admin/tenants/{args.tenant}/products", json=products).raise_for_status().json())
            return 0
        if args.redrive:
            print(api.post(f"/admin/tenants/{args.tenant}/parked/redrive").raise_for_status().json())
        for p in api.get(f"/admin/tenants/{args.tenant}/parked").raise_for_status().json():
            print(f"{p['parked_at']}  {p['schema_name']:<32} {p['reason']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
