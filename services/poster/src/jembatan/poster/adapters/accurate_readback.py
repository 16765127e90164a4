"""Accurate's side of a reconciliation, read back through the client: the documents of a day and
account balances. Never our own posting ledger."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from jembatan.accurate import AccurateClient, AccurateError, FailureKind
from jembatan.accurate.paging import FilterValue

from ..domain.reconciliation import BookDocument
from ..domain.reconciliation.payouts import JournalLine

STOCK_PAGE = 100
AMOUNT_FIELDS = {"sales-invoice": "totalAmount", "sales-receipt": "chequeAmount"}


class AccurateReadback:
    """Reads back what a tenant's Accurate books hold (`reconciling.BooksReadback`); `client_of`
    gives the tenant's client (None: not connected)."""

    def __init__(self, client_of: Callable[[str], Awaitable[AccurateClient | None]]) -> None:
        self.client_of = client_of

    async def documents(self, tenant_id: str, day: date) -> list[BookDocument] | None:
        client = await self.client_of(tenant_id)
        if client is None:
            return None
        out = []
        for module, amount_field in AMOUNT_FIELDS.items():
            fields = ("id", "number", "transDate", "branchName", amount_field, "bankNo")
            async for row in client.documents(module, from_date=day, to_date=day, fields=fields):
                out.append(_book(module, amount_field, row))
        return out

    async def member_balance(self, tenant_id: str, customer_no: str) -> Decimal | None:
        client = await self.client_of(tenant_id)
        return None if client is None else await _outstanding(client, customer_no)

    async def balance(self, tenant_id: str, account_no: str, as_of: date) -> Decimal | None:
        client = await self.client_of(tenant_id)
        return None if client is None else await client.account_balance(account_no, as_of=as_of)

    async def stock(self, tenant_id: str, warehouses: Iterable[str]) -> dict[tuple[str, str], Decimal]:
        """Every inventory item's stock in each warehouse, as Accurate holds it now (`item/list-stock.do`)."""
        client = await self.client_of(tenant_id)
        out: dict[tuple[str, str], Decimal] = {}
        if client is None:
            return out
        for warehouse in sorted(set(warehouses)):
            page = 1
            while True:
                params = {"warehouseName": warehouse, "sp.page": page, "sp.pageSize": STOCK_PAGE}
                reply = await client.call("GET", "item", "list-stock", params)
                for row in reply.get("d") or []:
                    out[(warehouse, str(row["no"]))] = Decimal(str(row.get("quantity") or 0))
                if page >= int((reply.get("sp") or {}).get("pageCount") or 1):
                    break
                page += 1
        return out

    async def journal(self, tenant_id: str, number: str) -> list[JournalLine] | None:
        """The journal voucher with that number, line by line; None when Accurate has none."""
        client = await self.client_of(tenant_id)
        if client is None:
            return None
        try:
            held = await client.detail("journal-voucher", number=number)
        except AccurateError as error:
            if error.kind is FailureKind.NOT_FOUND:
                return None
            raise
        return [
            JournalLine(
                account_no=str(ln.get("accountNo") or (ln.get("account") or {}).get("no")),
                amount=Decimal(str(ln.get("amount") or 0)),
                side=str(ln.get("amountType") or "DEBIT"),
            )
            for ln in held.get("detailJournalVoucher") or []
        ]


async def _outstanding(client: AccurateClient, customer_no: str) -> Decimal:
    """The member's open balance: the outstanding of each of its invoices (only detail.do has it)."""
    total = Decimal(0)
    filters: dict[str, FilterValue] = {"customerNo": ("EQUAL", customer_no)}
    async for row in client.iter_list("sales-invoice", ["id", "number"], filters):
        invoice = await client.detail("sales-invoice", id=int(row["id"]))
        total += Decimal(str(invoice.get("outstanding") or 0))
    return total


def _book(module: str, amount_field: str, row: dict[str, Any]) -> BookDocument:
    branch = row.get("branchName") or (row.get("branch") or {}).get("name")
    bank = row.get("bankNo") or (row.get("bank") or {}).get("no")
    return BookDocument(
        document_type=module,
        number=str(row["number"]),
        amount=Decimal(str(row.get(amount_field) or 0)),
        branch_name=branch,
        account_no=bank,
    )
