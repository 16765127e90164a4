"""Property: over 1,000+ random valid documents of every type posted over HTTP, after each one the
trial balance balances and stock and receivables equal an independent recomputation."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from jembatan.sandbox.accurate.testing import SandboxApi, SandboxProcess, create_database

DOCUMENTS_PER_EXAMPLE = 260
EXAMPLES = 4  # 4 × 260 = 1,040 documents
WAREHOUSES = ["Utama", "Cabang"]
CUSTOMERS = ["UMUM", "M-1", "M-2"]
INVENTORY_ITEMS = ["A", "B", "C"]
GROUP = {"G": {"A": Decimal(1), "B": Decimal(2)}}
CASH = ["1-1001", "1-1003", "1-1011", "1-1014"]
D = Decimal
POSTED: list[int] = []  # documents posted per example, checked by the test below


def rupiah(value: Decimal) -> Decimal:
    return value.quantize(D(1), rounding=ROUND_HALF_UP)


class Model:
    """What the books must say, recomputed from the documents alone."""

    def __init__(self) -> None:
        self.stock: dict[tuple[str, str], Decimal] = defaultdict(D)
        self.transit: dict[tuple[str, str], Decimal] = defaultdict(D)  # (out number, item) -> qty
        self.invoices: dict[str, dict[str, Any]] = {}
        self.customer: dict[str, Decimal] = defaultdict(D)  # balance not tied to an invoice

    def move(self, item: str, warehouse: str, quantity: Decimal) -> None:
        for part, per in (GROUP[item].items() if item in GROUP else [(item, D(1))]):
            if part in INVENTORY_ITEMS:
                self.stock[(part, warehouse)] += quantity * per

    def balance(self, customer: str) -> Decimal:
        owed = sum((i["total"] - i["paid"] - i["returned"] for i in self.invoices.values()
                    if i["customer"] == customer), D(0))
        return owed + self.customer[customer]


def setup_database(api: SandboxApi) -> None:
    for no in INVENTORY_ITEMS:
        api.save("item", {"no": no, "name": f"Barang {no}", "itemType": "INVENTORY", "tax1Name": "PPN",
                          "detailOpenBalance": [{"quantity": 40, "unitCost": 1000 * (1 + INVENTORY_ITEMS.index(no)),
                                                 "warehouseName": "Utama"}]})
    api.save("item", {"no": "G", "name": "Paket", "itemType": "GROUP", "tax1Name": "PPN",
                      "detailGroup": [{"itemNo": k, "quantity": int(v)} for k, v in GROUP["G"].items()]})
    api.save("item", {"no": "S", "name": "Jasa", "itemType": "SERVICE", "tax1Name": "PPN"})
    for no in CUSTOMERS:
        api.save("customer", {"customerNo": no, "name": f"Pelanggan {no}"})


money = st.integers(1, 200).map(lambda n: D(n * 500))
quantity = st.integers(1, 5).map(D)


def draw_invoice(data: st.DataObject, model: Model) -> tuple[dict[str, Any], Any]:
    taxable = data.draw(st.booleans())
    inclusive = taxable and data.draw(st.booleans())
    lines, amounts = [], []
    for _ in range(data.draw(st.integers(1, 3))):
        item = data.draw(st.sampled_from([*INVENTORY_ITEMS, "G", "S"]))
        qty, price = data.draw(quantity), data.draw(money)
        discount = data.draw(st.sampled_from([D(0), rupiah(qty * price / 10)]))
        lines.append({"itemNo": item, "quantity": int(qty), "unitPrice": int(price), "itemCashDiscount": int(discount),
                      "warehouseName": data.draw(st.sampled_from(WAREHOUSES))})
        amounts.append(qty * price - discount)
    sub_total = sum(amounts, D(0))
    header = data.draw(st.sampled_from([D(0), rupiah(sub_total / 20)]))
    expenses = data.draw(st.lists(st.sampled_from([D(2500), D(-300), D(150), D(10000)]), max_size=2))
    net = sub_total - header
    tax = rupiah(net * 11 / 100) if taxable and not inclusive else D(0)
    total = net + sum(expenses, D(0)) + tax
    body = {"customerNo": data.draw(st.sampled_from(CUSTOMERS)), "transDate": "15/01/2025", "taxable": taxable,
            "inclusiveTax": inclusive, "cashDiscount": int(header), "detailItem": lines,
            "detailExpense": [{"accountNo": "4-2000" if e > 0 else "8-1100", "expenseAmount": int(e)} for e in expenses]}

    def apply(reply: dict[str, Any]) -> None:
        assert D(str(reply["totalAmount"])) == total, (reply["totalAmount"], total)
        model.invoices[reply["number"]] = {"id": reply["id"], "customer": body["customerNo"], "total": total,
                                           "paid": D(0), "returned": D(0), "taxable": taxable, "inclusive": inclusive,
                                           "lines": lines, "returned_qty": defaultdict(D)}
        for line in lines:
            model.move(line["itemNo"], line["warehouseName"], -D(line["quantity"]))
    return body, apply


def draw_receipt(data: st.DataObject, model: Model) -> tuple[dict[str, Any], Any] | None:
    open_ = sorted(n for n, i in model.invoices.items() if i["total"] - i["paid"] - i["returned"] > 0)
    if not open_:
        return None
    number = data.draw(st.sampled_from(open_))
    invoice = model.invoices[number]
    outstanding = invoice["total"] - invoice["paid"] - invoice["returned"]
    pay = data.draw(st.sampled_from([outstanding, rupiah(outstanding / 2) or outstanding]))
    fee = data.draw(st.sampled_from([D(0), rupiah(pay * D("0.007"))]))
    body = {"customerNo": invoice["customer"], "bankNo": data.draw(st.sampled_from(CASH)), "transDate": "15/01/2025",
            "paymentMethod": data.draw(st.sampled_from(["CASH_OTHER", "QRIS", "E_WALLET", "DEBIT_CARD"])),
            "chequeAmount": int(pay - fee),
            "detailInvoice": [{"invoiceNo": number, "paymentAmount": int(pay),
                               "detailDiscount": [{"accountNo": "6-2000", "amount": int(fee)}] if fee else []}]}

    def apply(reply: dict[str, Any]) -> None:
        invoice["paid"] += pay
    return body, apply


def draw_return(data: st.DataObject, model: Model) -> tuple[dict[str, Any], Any] | None:
    if data.draw(st.booleans()) or not model.invoices:
        customer, item = data.draw(st.sampled_from(CUSTOMERS)), data.draw(st.sampled_from(INVENTORY_ITEMS))
        qty, price, wh = data.draw(quantity), data.draw(money), data.draw(st.sampled_from(WAREHOUSES))
        body = {"customerNo": customer, "returnType": "NO_INVOICE", "transDate": "15/01/2025",
                "detailItem": [{"itemNo": item, "quantity": int(qty), "unitPrice": int(price), "warehouseName": wh}]}

        def apply_free(reply: dict[str, Any]) -> None:
            model.customer[customer] -= qty * price
            model.move(item, wh, qty)
        return body, apply_free
    number = data.draw(st.sampled_from(sorted(model.invoices)))
    invoice = model.invoices[number]
    line = data.draw(st.sampled_from(invoice["lines"]))
    sold = sum((D(ln["quantity"]) for ln in invoice["lines"] if ln["itemNo"] == line["itemNo"]), D(0))
    left = sold - invoice["returned_qty"][line["itemNo"]]
    if left <= 0:
        return None
    qty = data.draw(st.integers(1, int(left)).map(D))
    gross = qty * line["unitPrice"]
    total = gross + (rupiah(gross * 11 / 100) if invoice["taxable"] and not invoice["inclusive"] else 0)
    body = {"customerNo": invoice["customer"], "returnType": "INVOICE", "invoiceNumber": number,
            "transDate": "15/01/2025", "taxable": invoice["taxable"], "inclusiveTax": invoice["inclusive"],
            "taxNumber": "010.000-25.00000001" if invoice["taxable"] else "", "taxDate": "15/01/2025",
            "detailItem": [{"itemNo": line["itemNo"], "quantity": int(qty), "unitPrice": line["unitPrice"],
                            "warehouseName": line["warehouseName"]}]}

    def apply(reply: dict[str, Any]) -> None:
        assert D(str(reply["totalAmount"])) == total
        outstanding = invoice["total"] - invoice["paid"] - invoice["returned"]
        applied = min(total, max(outstanding, D(0)))
        invoice["returned"] += applied
        model.customer[invoice["customer"]] -= total - applied
        invoice["returned_qty"][line["itemNo"]] += qty
        model.move(line["itemNo"], line["warehouseName"], qty)
    return body, apply


def draw_stock_document(data: st.DataObject, model: Model) -> tuple[str, dict[str, Any], Any] | None:
    kind = data.draw(st.sampled_from(["out", "in", "adjust", "target"]))
    item, qty = data.draw(st.sampled_from(INVENTORY_ITEMS)), data.draw(quantity)
    source, target = data.draw(st.permutations(WAREHOUSES))
    if kind == "out":
        body = {"itemTransferType": "TRANSFER_OUT", "warehouseName": source, "referenceWarehouseName": target,
                "transDate": "15/01/2025", "detailItem": [{"itemNo": item, "quantity": int(qty)}]}

        def apply_out(reply: dict[str, Any]) -> None:
            model.stock[(item, source)] -= qty
            model.transit[(reply["number"], item)] += qty
        return "item-transfer", body, apply_out
    if kind == "in":
        pending = sorted(k for k, v in model.transit.items() if v > 0)
        if not pending:
            return None
        out_no, item = data.draw(st.sampled_from(pending))
        qty = data.draw(st.integers(1, int(model.transit[(out_no, item)])).map(D))
        body = {"itemTransferType": "TRANSFER_IN", "warehouseName": target, "fromItemTransferNo": out_no,
                "transDate": "15/01/2025", "detailItem": [{"itemNo": item, "quantity": int(qty)}]}

        def apply_in(reply: dict[str, Any]) -> None:
            model.transit[(out_no, item)] -= qty
            model.stock[(item, target)] += qty
        return "item-transfer", body, apply_in
    if kind == "adjust":
        direction = data.draw(st.sampled_from(["ADJUSTMENT_IN", "ADJUSTMENT_OUT"]))
        body = {"adjustmentAccountNo": "5-2000", "transDate": "15/01/2025", "detailItem": [
            {"itemNo": item, "quantity": int(qty), "itemAdjustmentType": direction, "warehouseName": source,
             "unitCost": int(data.draw(money))}]}

        def apply_adjust(reply: dict[str, Any]) -> None:
            model.stock[(item, source)] += qty if direction == "ADJUSTMENT_IN" else -qty
        return "item-adjustment", body, apply_adjust
    counted = D(data.draw(st.integers(0, 30)))
    body = {"adjustmentAccountNo": "5-2100", "transDate": "15/01/2025",
            "detail": [{"itemNo": item, "targetQuantity": int(counted), "warehouseName": source}]}

    def apply_count(reply: dict[str, Any] | None) -> None:
        model.stock[(item, source)] = counted
    return "item-adjustment/save-target-quantity", body, apply_count


def draw_cash(data: st.DataObject, model: Model) -> tuple[str, dict[str, Any], Any]:
    kind = data.draw(st.sampled_from(["journal-voucher", "other-deposit", "other-payment", "bank-transfer"]))
    amount, bank = int(data.draw(money)), data.draw(st.sampled_from(CASH))
    if kind == "journal-voucher":
        customer = data.draw(st.sampled_from(CUSTOMERS))
        debit = data.draw(st.booleans())
        body = {"transDate": "15/01/2025", "detailJournalVoucher": [
            {"accountNo": "1-1100", "amount": amount, "amountType": "DEBIT" if debit else "CREDIT", "customerNo": customer},
            {"accountNo": bank, "amount": amount, "amountType": "CREDIT" if debit else "DEBIT"}]}

        def apply_jv(reply: dict[str, Any]) -> None:
            model.customer[customer] += amount if debit else -amount
        return kind, body, apply_jv
    if kind == "bank-transfer":
        other = data.draw(st.sampled_from([c for c in CASH if c != bank]))
        body = {"fromBankNo": bank, "toBankNo": other, "fromBankAmount": amount, "transDate": "15/01/2025",
                "detailBankTransfer": [{"accountNo": "6-2100", "amount": 2500}] if amount > 2500 else []}
        return kind, body, lambda reply: None
    account = "7-1000" if kind == "other-deposit" else "6-1200"
    body = {"bankNo": bank, "transDate": "15/01/2025", "payee": "Sandbox",
            "detailAccount": [{"accountNo": account, "amount": amount}]}
    return kind, body, lambda reply: None


def check_books(api: SandboxApi, model: Model) -> None:
    books = api.books()
    assert books["totals"]["balanced"], books["totals"]
    gl = {row["no"]: D(str(row["balance"])) for row in books["trialBalance"]}
    stock = {(r["itemNo"], r["warehouseName"]): D(str(r["quantity"])) for r in books["stock"]}
    expected_stock = {k: v for k, v in model.stock.items() if v}
    assert {k: v for k, v in stock.items() if v} == expected_stock
    assert gl.get("1-1200", D(0)) == sum((D(str(r["value"])) for r in books["stock"]), D(0))
    assert gl.get("1-1210", D(0)) == sum((D(str(r["value"])) for r in books["goodsInTransit"]), D(0))
    transit = {(r["transferNo"], r["itemNo"]): D(str(r["quantity"])) for r in books["goodsInTransit"]}
    assert transit == {k: v for k, v in model.transit.items() if v}
    owing = {r["number"]: D(str(r["outstanding"])) for r in books["receivables"]["invoices"]}
    assert owing == {n: i["total"] - i["paid"] - i["returned"] for n, i in model.invoices.items()}
    customers = {r["customerNo"]: r for r in books["receivables"]["customers"]}
    for customer in CUSTOMERS:
        row = customers.get(customer, {"balance": 0, "ledgerBalance": 0})
        assert D(str(row["balance"])) == model.balance(customer), customer
        assert D(str(row["ledgerBalance"])) == model.balance(customer), customer
    assert gl.get("1-1100", D(0)) == sum((model.balance(c) for c in CUSTOMERS), D(0))


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large,
                                 HealthCheck.large_base_example])
@given(data=st.data())
def test_random_documents_keep_the_books_right(sandbox: SandboxProcess, data: st.DataObject) -> None:
    api = SandboxApi(sandbox, create_database(sandbox, alias="PT Properti", warehouses=WAREHOUSES))
    api.admin("PUT", "/limits", {"perSecond": 100_000, "inFlight": 10_000})
    setup_database(api)
    model = Model()
    for no in INVENTORY_ITEMS:
        model.stock[(no, "Utama")] = D(40)
    posted = 0
    while posted < DOCUMENTS_PER_EXAMPLE:
        choice = data.draw(st.sampled_from(["invoice"] * 4 + ["receipt"] * 2 + ["return", "stock", "stock", "cash",
                                                                               "delete"]))
        if choice == "delete":
            candidates = sorted(n for n, i in model.invoices.items() if not i["paid"] and not i["returned_qty"])
            if not candidates:
                continue
            number = data.draw(st.sampled_from(candidates))
            reply = api.call("DELETE", "sales-invoice/delete.do", params={"number": number}).json()
            assert reply["s"], reply
            for line in model.invoices.pop(number)["lines"]:
                model.move(line["itemNo"], line["warehouseName"], D(line["quantity"]))
            check_books(api, model)
            continue
        if choice in ("stock", "cash"):
            drawn = draw_stock_document(data, model) if choice == "stock" else draw_cash(data, model)
            if drawn is None:
                continue
            path, body, apply = drawn
        else:
            picked = {"invoice": draw_invoice, "receipt": draw_receipt, "return": draw_return}[choice](data, model)
            if picked is None:
                continue
            body, apply = picked
            path = {"invoice": "sales-invoice", "receipt": "sales-receipt", "return": "sales-return"}[choice]
        reply = api.post(f"{path}/save.do" if "/" not in path else f"{path}.do", body)
        assert reply["s"], (path, body, reply)
        apply(reply.get("r"))
        posted += 1
        check_books(api, model)
    POSTED.append(posted)
    api.close()


def test_the_property_covered_at_least_1000_documents() -> None:
    if not POSTED:
        pytest.skip("the property test did not run in this session")
    assert sum(POSTED) >= 1000
