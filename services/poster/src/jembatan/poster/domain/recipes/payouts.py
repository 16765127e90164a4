"""An iSeller Pay payout → one journal: payout N + MDR F + bank adjustment / express fee E = clearing G."""

from __future__ import annotations

from decimal import Decimal

from jembatan.accurate.documents import AmountType, JournalLine, JournalVoucher
from jembatan.contracts.ledger import PayoutFact

from ..drafts import ActivityKind, DocumentDraft
from ..numbering import document_number
from ..refusals import RecipeRefused, require_account
from .drafting import draft, searchable


def payout_documents(tenant_id: str, fact: PayoutFact) -> list[DocumentDraft]:
    """The payout's journal; a payout that does not add up is refused (flagged), never posted."""
    payout, outlet = fact.payout, fact.outlet
    gross, fees, express, net = (
        payout.transactions_amount,
        payout.total_fees,
        payout.payout_fee,
        payout.total_deposit,
    )
    if gross - fees - express != net:
        raise RecipeRefused(f"payout {payout.reference_id}: gross {gross:,} - fees {fees:,} - express fee "
                            f"{express:,} is not the deposit {net:,}")  # fmt: skip
    entries = sum((e.gross_amount for e in payout.entries), Decimal(0))
    if payout.entries and entries != gross:
        raise RecipeRefused(
            f"payout {payout.reference_id}: its orders sum to {entries:,}, not its gross {gross:,}"
        )
    code = outlet.outlet_code
    sides = [
        (require_account(outlet.payout_account, f"Payout deposit of {net}", code), net, AmountType.DEBIT, "deposit"),
        (require_account(outlet.mdr_fee_account, f"MDR fees of {fees}", code) if fees else "", fees,
         AmountType.DEBIT, "MDR fees"),
        (require_account(outlet.bank_adjustment_account, f"Express fee of {express}", code) if express else "",
         express, AmountType.DEBIT, "express payout fee"),
        (require_account(outlet.iseller_pay_clearing_account, f"iSeller Pay clearing of {gross}", code), gross,
         AmountType.CREDIT, "iSeller Pay cleared"),
    ]  # fmt: skip
    memo = f"payout {payout.reference_id}"
    lines = [JournalLine(account_no=account, amount=amount, amount_type=side, memo=f"{memo}: {what}")
             for account, amount, side, what in sides if amount > 0]  # fmt: skip
    key = f"{tenant_id}:journal-voucher:payout:{payout.payout_id}"
    number = document_number("journal-voucher", code, payout.payout_date, key)
    document = JournalVoucher(
        number=number, trans_date=payout.payout_date, branch_name=outlet.branch_name,
        description=f"iSeller Pay {payout.interval} payout {payout.reference_id}"[:250],
        char_field1=searchable(payout.reference_id), detail_journal_voucher=lines,
    )  # fmt: skip
    sources = [
        payout.payout_id,
        payout.reference_id,
        *(e.order_reference or e.transaction_id for e in payout.entries),
    ]
    return [draft(document, key=key, number=number, kind=ActivityKind.PAYOUT_DEPOSIT, source_ids=sources,
                  outlet_id=outlet.outlet_id)]  # fmt: skip
