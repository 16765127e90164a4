"""Each member's open balance: what iSeller says the member still owes (on-account sales minus the
member's payments) beside the outstanding of the member's invoices in Accurate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from jembatan.contracts.ledger import CustomerPaymentFact, Fact, SaleFact

from .compare import ACTIONS, Difference, GapKind
from .expected import ExpectedDocument


def member_balances(facts: Sequence[Fact]) -> dict[str, Decimal]:
    """Per member (customer number): on-account sales less the payments the member made."""
    owed: dict[str, Decimal] = defaultdict(Decimal)
    for fact in facts:
        match fact:
            case SaleFact(on_account=True, customer_no=member):
                owed[member] += fact.order.on_account_amount
            case CustomerPaymentFact(customer_no=member):
                owed[member] -= fact.payment.amount
    return dict(owed)


def explained_per_member(
    expected: Sequence[ExpectedDocument], differences: Sequence[Difference]
) -> dict[str, Decimal]:
    """Per member: what the differences of the member's own invoices (less their receipts) explain."""
    documents = {e.number: e for e in expected if e.customer_no}
    out: dict[str, Decimal] = defaultdict(Decimal)
    for gap in differences:
        for number in gap.documents:
            if (doc := documents.get(number)) is not None and doc.customer_no:
                out[doc.customer_no] += gap.amount if doc.document_type == "sales-invoice" else -gap.amount
    return dict(out)


def member_differences(
    owed: dict[str, Decimal], held: dict[str, Decimal], explained: dict[str, Decimal] | None = None
) -> list[Difference]:
    out = []
    for member in sorted(owed):
        accurate, iseller = held.get(member, Decimal(0)), owed[member]
        if accurate - iseller != (explained or {}).get(member, Decimal(0)):
            out.append(
                Difference(
                    GapKind.MEMBER_BALANCE, accurate - iseller, None, (), iseller=iseller, accurate=accurate,
                    action=ACTIONS[GapKind.MEMBER_BALANCE],
                    detail=f"member {member}: Accurate outstanding {accurate:,}, iSeller owed {iseller:,}",
                )
            )  # fmt: skip
    return out
