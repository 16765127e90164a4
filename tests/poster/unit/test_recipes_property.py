"""For random baskets in every PPN mapping, a window's documents reconcile with the till.

The till is modelled as the iSeller simulator computes it (line and order discounts, a taxable
service charge, PPN 11 % inclusive or exclusive on taxable goods, cash rounding to 100); the books
are read with the Accurate sandbox's own pricing, not the poster's prediction.
"""

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from jembatan.poster.domain.recipes import sales_window_documents

from .books import journal_balances, output_tax, priced, receivables, revenue
from .facts import ROUNDING, outlet, refund, sale, window

D = Decimal
CATALOGUE = [("KOPI", 22200, True), ("ROTI", 10050, False), ("TEH", 8000, True), ("KUE", 13333, True)]


def half_up(value: Decimal) -> int:
    return int(value.quantize(D(1), rounding=ROUND_HALF_UP))


def allocate(total: int, weights: list[int]) -> list[int]:
    whole = sum(weights)
    if whole == 0:
        return [0] * len(weights)
    shares = [total * w // whole for w in weights]
    shares[max(i for i, w in enumerate(weights) if w)] += total - sum(shares)
    return shares


@st.composite
def baskets(draw):
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        sku, price, taxable = draw(st.sampled_from(CATALOGUE))
        quantity = draw(st.integers(1, 3))
        lines.append((sku, quantity, price, draw(st.integers(0, quantity * price // 4)), taxable))
    return lines, draw(st.integers(0, 5)), draw(st.integers(0, 100)), draw(st.integers(0, 100))


def till_order(n, basket, snapshot, inclusive, service_rate):
    lines, order_discount_pct, cash_pct, member_pct = basket
    nets = [q * p - d for _, q, p, d, _ in lines]
    order_discount = sum(nets) * order_discount_pct // 100
    shares = allocate(order_discount, nets)
    subtotal = sum(nets) - order_discount
    service = half_up(D(subtotal) * service_rate / 100)
    taxable = [net - share if t else 0 for (*_, t), net, share in zip(lines, nets, shares, strict=True)]
    tax = 0
    if sum(taxable):
        base = D(sum(taxable) + service)
        tax = half_up(base * 11 / 111) if inclusive else half_up(base * 11 / 100)
    raw = subtotal + service + (0 if inclusive else tax)
    total = half_up(D(raw) / 100) * 100
    on_account = total * member_pct // 100 if n == 0 else 0  # the first order may be a member's
    cash = (total - on_account) * cash_pct // 100
    paid = [(g, a) for g, a in (("cash", cash), ("iseller_pay", total - on_account - cash)) if a]
    fact = sale(f"o{n}", [(s, q, p, d, t, x) for (s, q, p, d, t), x in zip(lines, allocate(tax, taxable), strict=True)],
                total, paid, snapshot=snapshot, tax=tax, inclusive=inclusive, order_discount=order_discount,
                service=service, rounding=total - raw, on_account=on_account,
                customer_no="M-1" if on_account else "UMUM")  # fmt: skip
    net_sales = subtotal + service - (tax if inclusive else 0)
    return fact, net_sales, [(s, q, net - share, x) for (s, q, *_), net, share, x
                             in zip(lines, nets, shares, allocate(tax, taxable), strict=True)]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    charges_ppn=st.booleans(), inclusive=st.booleans(), service_rate=st.sampled_from([0, 5, 10]),
    orders=st.lists(baskets(), min_size=1, max_size=4),
)  # fmt: skip
def test_every_windows_documents_balance_and_reconcile_with_the_till(charges_ppn, inclusive, service_rate, orders):
    snapshot = outlet(charges_ppn=charges_ppn, inclusive=inclusive)
    made = [till_order(n, basket, snapshot, inclusive, service_rate) for n, basket in enumerate(orders)]
    facts = [fact for fact, _, _ in made]
    # the last order's first line comes back, its money returned in cash
    sku, quantity, amount, tax = made[-1][2][0]
    back_total = amount + (0 if inclusive else tax)
    refunds = [refund("R", facts[-1].order.order_id, [(sku, quantity, amount, tax)],
                      back_total, [("cash", back_total)] if back_total else [], snapshot=snapshot,
                      inclusive=inclusive)] if amount > 0 else []  # fmt: skip
    docs = sales_window_documents("t1", window("shift:s9", snapshot, facts, refunds))
    returns = [d for d in docs if d.document_type == "sales-return"]
    invoices = [d for d in docs if d.document_type == "sales-invoice"]
    assert sum(priced(d.body).total for d in invoices) == sum(f.order.total_amount for f in facts)
    assert sum(priced(d.body).total for d in returns) == sum(r.refund.refund_amount for r in refunds)
    assert sum(output_tax(d.body) for d in invoices) - sum(output_tax(d.body) for d in returns) == sum(
        f.order.tax_amount for f in facts) - sum(ln.tax_amount for r in refunds for ln in r.refund.lines)  # fmt: skip
    assert sum(revenue(d.body) for d in invoices) == sum(net for _, net, _ in made)
    assert sum(revenue(d.body) for d in returns) == sum(
        ln.amount - (ln.tax_amount if inclusive else 0) for r in refunds for ln in r.refund.lines)  # fmt: skip
    owed = receivables(docs)
    assert owed.get("UMUM", D(0)) == 0
    assert owed.get("M-1", D(0)) == sum(f.order.on_account_amount for f in facts)
    assert all(journal_balances(d.body) for d in docs if d.document_type == "journal-voucher")
    assert all(e["accountNo"] != ROUNDING or e["expenseName"] == "Rounding"
               for d in invoices for e in d.body["detailExpense"])  # fmt: skip
