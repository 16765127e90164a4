"""Read-only views of a database for tests and the demo: credentials, books, an invoice page."""

from __future__ import annotations

import html
from typing import Any

from ..domain.chart import natural_balance
from ..domain.dates import format_date
from ..domain.money import ZERO
from ..store.database import Database
from .state import SandboxState


def credentials(state: SandboxState, db: Database) -> dict[str, Any]:
    tokens = state.tenants.tokens_for(db.id)
    token = tokens[0] if tokens else None
    app = state.tenants.apps[token.app_id] if token else next(iter(state.tenants.apps.values()))
    return {
        "id": db.id, "alias": db.alias, "accountUrl": state.account_url, "dataUrl": state.host_of(db.id),
        "host": state.host_of(db.id), "user": state.tenants.owners.get(db.id),
        "apiToken": token.token if token else None, "appKey": app.app_key, "appName": app.name,
        "appId": app.app_id, "signatureSecret": app.signature_secret,
        "clientId": app.client_id, "clientSecret": app.client_secret,
        "startDate": format_date(db.start_date),
        "branches": [b["name"] for b in sorted(db.table("branch"), key=lambda b: b["id"])],
        "warehouses": [w["name"] for w in sorted(db.table("warehouse"), key=lambda w: w["id"])],
        "limits": state.limiter(db.id).limits.as_dict(),
    }


def books(db: Database, *, with_journal: bool = True) -> dict[str, Any]:
    ledger = db.books.ledger
    accounts = {a["no"]: a for a in db.table("glaccount")}
    rows, debit_total, credit_total = [], ZERO, ZERO
    for no, net in ledger.trial_balance().items():
        account = accounts.get(no, {"name": "?", "accountType": "?"})
        debit, credit = (net, ZERO) if net > 0 else (ZERO, -net)
        debit_total += debit
        credit_total += credit
        rows.append({"no": no, "name": account["name"], "accountType": account["accountType"],
                     "debit": debit, "credit": credit,
                     "balance": natural_balance(str(account["accountType"]), net)})
    receivables = db.books.receivables
    customers = sorted(receivables.customers() | {c for (_, c) in ledger.customer_balances()})
    view: dict[str, Any] = {
        "databaseId": db.id,
        "trialBalance": rows,
        "totals": {"debit": debit_total, "credit": credit_total, "balanced": debit_total == credit_total},
        "stock": [{"itemNo": item, "warehouseName": wh, "quantity": cell.quantity, "value": cell.value,
                   "averageCost": cell.average_cost} for (item, wh), cell in sorted(db.books.inventory.cells.items())],
        "goodsInTransit": [{"transferNo": no, "itemNo": item, "quantity": line.quantity, "value": line.value}
                           for (no, item), line in sorted(db.books.transit.lines.items()) if line.quantity],
        "receivables": {
            "invoices": [{"number": o.number, "customerNo": o.customer_no, "total": o.total, "paid": o.paid,
                          "returned": o.returned, "outstanding": o.outstanding}
                         for o in sorted(receivables.invoices.values(), key=lambda o: o.number)],
            "customers": [{"customerNo": c, "balance": receivables.customer_balance(c),
                           "ledgerBalance": ledger.customer_net(db.accounts.receivable, c)} for c in customers],
        },
        "documentCount": len(db.posting_order),
    }
    if with_journal:
        view["journal"] = [
            {"entryId": e.entry_id, "transDate": e.trans_date, "source": e.source, "sourceId": e.source_id,
             "number": e.number, "lines": [{"accountNo": ln.account_no, "debit": ln.debit, "credit": ln.credit,
                                            "customerNo": ln.customer_no, "memo": ln.memo} for ln in e.lines]}
            for e in ledger.entries]
    return view


def invoices_page(db: Database) -> str:
    """A plain HTML page of posted sales invoices (the demo points users here)."""
    esc = html.escape
    rows = []
    for inv in sorted(db.table("sales-invoice"), key=lambda r: r["id"]):
        owing = db.books.receivables.owing(inv["number"])
        outstanding = owing.outstanding if owing else inv["totalAmount"]
        items = "<br>".join(f'{esc(ln["itemNo"])} × {ln["quantity"]} @ {ln["unitPrice"]}' for ln in inv["detailItem"])
        rows.append(
            f"<tr><td>{esc(inv['number'])}</td><td>{format_date(inv['transDate'])}</td>"
            f"<td>{esc(inv['customer']['name'] or '')}</td><td>{esc(inv.get('branchName') or '')}</td>"
            f"<td>{items}</td><td class=n>{inv['totalAmount']:,}</td><td class=n>{outstanding:,}</td></tr>")
    body = "\n".join(rows) or "<tr><td colspan=7>Belum ada faktur penjualan.</td></tr>"
    return f"""<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Faktur Penjualan — {esc(db.alias)}</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top}}.n{{text-align:right}}</style></head>
<body><h1>Faktur Penjualan — {esc(db.alias)} (#{db.id})</h1>
<p>Accurate Online sandbox. {len(rows) if rows else 0} faktur.</p>
<table><tr><th>No Faktur</th><th>Tanggal</th><th>Pelanggan</th><th>Cabang</th><th>Barang</th>
<th>Total</th><th>Sisa Piutang</th></tr>
{body}
</table></body></html>"""
