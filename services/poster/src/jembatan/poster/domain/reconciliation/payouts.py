"""Each iSeller Pay payout of the day beside its journal in Accurate: gross (cleared from the iSeller
Pay clearing account), MDR fees, express fee and the net deposit, side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jembatan.contracts.ledger import PayoutFact

from ..recipes.payouts import payout_documents
from ..refusals import RecipeRefused
from .compare import ACTIONS, Difference, GapKind

Z = Decimal(0)


@dataclass(frozen=True)
class JournalLine:
    """One line of a journal as Accurate holds it."""

    account_no: str
    amount: Decimal
    side: str  # DEBIT | CREDIT


@dataclass(frozen=True)
class PayoutExpectation:
    payout_id: str
    reference: str
    outlet_id: str
    number: str | None  # the journal's number (None: the payout cannot make a journal)
    refusal: str | None
    figures: dict[str, Decimal]  # gross, fees, express_fee, net: iSeller's
    accounts: dict[str, str | None]  # the same four → the account each lands in


def expected_payout(tenant_id: str, fact: PayoutFact) -> PayoutExpectation:
    payout, outlet = fact.payout, fact.outlet
    figures = {"gross": payout.transactions_amount, "fees": payout.total_fees,
               "express_fee": payout.payout_fee, "net": payout.total_deposit}  # fmt: skip
    accounts = {"gross": outlet.iseller_pay_clearing_account, "fees": outlet.mdr_fee_account,
                "express_fee": outlet.bank_adjustment_account, "net": outlet.payout_account}  # fmt: skip
    try:
        number, refusal = payout_documents(tenant_id, fact)[0].number, None
    except RecipeRefused as refused:
        number, refusal = None, str(refused)
    return PayoutExpectation(payout.payout_id, payout.reference_id, outlet.outlet_id, number, refusal,
                             figures, accounts)  # fmt: skip


def journal_figures(expected: PayoutExpectation, lines: Sequence[JournalLine]) -> dict[str, Decimal]:
    """Accurate's gross (credited to clearing), fees, express fee and net (debited) in the journal."""
    out = {}
    for name, account in expected.accounts.items():
        side = "CREDIT" if name == "gross" else "DEBIT"
        out[name] = sum((ln.amount for ln in lines if ln.account_no == account and ln.side == side), Z)
    return out


def payout_row(
    expected: PayoutExpectation, lines: Sequence[JournalLine] | None
) -> tuple[dict[str, Any], Difference | None]:
    """The report's row for one payout and its difference, if any. `lines` None: no such journal."""
    held = journal_figures(expected, lines) if lines is not None else None
    row: dict[str, Any] = {
        "payout_id": expected.payout_id, "reference": expected.reference, "outlet_id": expected.outlet_id,
        "journal": expected.number if lines is not None else None,
        "iseller": {k: str(v) for k, v in expected.figures.items()},
        "accurate": None if held is None else {k: str(v) for k, v in held.items()},
    }  # fmt: skip
    gross = expected.figures["gross"]
    if expected.refusal is not None:
        detail, amount = f"payout {expected.reference} cannot be posted: {expected.refusal}", -gross
    elif held is None:
        detail, amount = f"payout {expected.reference}: journal {expected.number} is not in Accurate", -gross
    elif held != expected.figures:
        changed = ", ".join(f"{k} Accurate {held[k]:,} / iSeller {v:,}"
                            for k, v in expected.figures.items() if held[k] != v)  # fmt: skip
        detail, amount = f"payout {expected.reference}: {changed}", held["gross"] - gross
        if amount == 0:
            amount = held["net"] - expected.figures["net"]
    else:
        return row, None
    documents = (expected.number,) if expected.number else ()
    action = ACTIONS[GapKind.REFUSED_WINDOW] if expected.refusal else ACTIONS[GapKind.PAYOUT]
    gap = Difference(GapKind.PAYOUT, amount, None, documents, iseller=gross,
                     accurate=None if held is None else held["gross"], action=action, detail=detail,
                     source_ids=(expected.payout_id, expected.reference), outlet_id=expected.outlet_id)  # fmt: skip
    return row, gap


def explained_clearing(
    expected: Sequence[PayoutExpectation], gaps: Sequence[Difference]
) -> dict[str, Decimal]:
    """Per clearing account: how much a payout's journal differences leave in it (reported once)."""
    by_id = {e.payout_id: e for e in expected}
    out: dict[str, Decimal] = {}
    for gap in gaps:
        payout = by_id.get(gap.source_ids[0]) if gap.kind is GapKind.PAYOUT and gap.source_ids else None
        account = payout.accounts["gross"] if payout else None
        if payout is not None and account:
            credited = gap.accurate if gap.accurate is not None else Z
            out[account] = out.get(account, Z) + payout.figures["gross"] - credited
    return out
