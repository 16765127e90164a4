"""Every choice the sandbox makes where the reference (shared/reference/accurate-api.md) is unsure.

One place, so a live finding changes one line. Each constant names the reference section and tag
it rests on; docs/accurate-sandbox.md lists them for humans.
"""

from __future__ import annotations

from decimal import Decimal

# --- Limits (§2.3 [OFFICIAL] 8 rps / 8 parallel; breach status and text [CLAIM]) -----------------
RATE_LIMIT_PER_SECOND = 8
RATE_LIMIT_IN_FLIGHT = 8
# HTTP status of a rate-limit breach: not confirmed (429 vs 200 s:false). We answer 429; a database
# can switch to 200 via PUT /_sandbox/databases/{id}/limits {"status": 200}.
RATE_LIMIT_STATUS = 429
RATE_LIMIT_MESSAGE = "Anda telah melebihi batas {limit} request per detik, silakan coba kembali"
IN_FLIGHT_MESSAGE = (
    "Anda telah melebihi batas {limit} proses API paralel (maksimal {limit} request per detik), "
    "silakan coba kembali")
# Rejected requests do not count towards the per-second window (a polite retry is not punished).
RATE_LIMIT_COUNTS_REJECTED = False

# --- Sessions and tokens (§1.2 [CLAIM] ~15 days; §1.3 session lifetime undocumented) -----------
ACCESS_TOKEN_TTL_SECONDS = 15 * 24 * 3600
SESSION_TTL_SECONDS = 3600
TIMESTAMP_SKEW_SECONDS = 600  # §1.4 [OFFICIAL]
# §1.4 [CLAIM]: the dd/MM/yyyy HH:mm:ss X-Api-Timestamp form is read as Asia/Jakarta (UTC+7);
# an ISO-8601 timestamp without offset is read as UTC.
TIMESTAMP_LOCAL_OFFSET_HOURS = 7
# API tokens carry every scope of their app (the PDF does not describe API-token scopes).
API_TOKEN_HAS_ALL_SCOPES = True

# --- Listing (§3.2) -------------------------------------------------------------------------
DEFAULT_PAGE_SIZE = 20  # [OFFICIAL]
MAX_PAGE_SIZE = 1000  # [OBSERVED] 1000 works; larger requests are clamped to it [CLAIM].
# [CLAIM, one integrator]: list.do without ``fields`` returns only ``id``.
LIST_FIELDS_WITHOUT_FIELDS_PARAM: tuple[str, ...] = ("id",)
# [OBSERVED] unknown field names are silently ignored: we return them as null.

# --- Bulk (§2.1, §3.5) ---------------------------------------------------------------------------
BULK_MAX_RECORDS = 100  # [OFFICIAL]
# Top-level ``s`` of a processed bulk-save is true even when some records failed (per-record ``s``
# carries the outcome) [CLAIM]; a request that is refused as a whole is a plain s:false.
BULK_TOP_LEVEL_S_WHEN_PARTIAL = True

# --- Numbers and money (§5.2, §5.3) --------------------------------------------------------------
# PPN is rounded to whole rupiah per document (e-Faktur practice) [CLAIM].
TAX_DECIMALS = 0
# Negative detailExpense amounts (rounding down) are accepted (§4.6 unverified; ACCOUNTING.md).
ALLOW_NEGATIVE_EXPENSE = True
# Stock may go below zero (a POS sells what it sells); cost then uses the last average cost.
ALLOW_NEGATIVE_STOCK = True
# Auto-number formats: PREFIX.yyyy.MM.nnnnn per transaction type (§5.3 shows SI/PI.2026.08.00003).
AUTO_NUMBER_PREFIX = {
    "sales-invoice": "SI",
    "sales-return": "SRT",
    "sales-receipt": "CR",
    "item-transfer": "IT",
    "item-adjustment": "IA",
    "journal-voucher": "JV",
    "other-deposit": "OD",
    "other-payment": "OP",
    "bank-transfer": "BT",
    "receive-item": "RI",
    "purchase-invoice": "PI",
}
MASTER_NUMBER_PREFIX = {"item": "I.", "customer": "C.", "vendor": "V."}
ITEM_NO_MAX_LENGTH = 30  # [OBSERVED] "Maksimal 30 karakter"
ITEM_NO_ALLOWED = r"^[A-Za-z0-9._\-/]+$"  # [CLAIM] exact character set unknown

# --- Sales receipt (§4.8) -------------------------------------------------------------------------
# paymentAmount is the part of the invoice settled, discounts included; the money received
# (chequeAmount) = sum(paymentAmount) - sum(detailDiscount.amount). A chequeAmount that differs is
# refused [CLAIM: "exact rule unverified"]; an absent one is computed.
RECEIPT_CHEQUE_IS_PAYMENT_MINUS_DISCOUNT = True

# --- Sales return (§4.7) --------------------------------------------------------------------------
# taxNumber / taxDate are spec-required; the sandbox only requires them when the return is taxable
# (non-PKP sellers send blanks) [unverified].
RETURN_TAX_FIELDS_REQUIRED_ONLY_WHEN_TAXABLE = True

# --- Item transfer (§4.9 direction semantics unverified) ---------------------------------------
# TRANSFER_OUT: goods leave ``warehouseName`` into transit towards ``referenceWarehouseName``.
# TRANSFER_IN with ``fromItemTransferNo``: goods leave transit into ``warehouseName``.
# TRANSFER_IN without it: a one-step move from ``referenceWarehouseName`` into ``warehouseName``.
TRANSFER_IN_WITHOUT_OUT_IS_DIRECT = True

# --- GROUP items (§4.1 component field names unverified) -----------------------------------------
# detailGroup[] lines: itemNo, quantity (per one GROUP unit), optional itemUnitName.
GROUP_COMPONENT_FIELDS = ("itemNo", "quantity", "itemUnitName")
# [CLAIM] A GROUP item sold on an invoice line relieves each INVENTORY component (line quantity x
# component quantity) from the line's warehouse at average cost; the line's revenue and PPN are the
# GROUP item's (its sales account, its tax1Name). A sales return of it puts the components back.

# --- Tax (§4.17, §4.6) ---------------------------------------------------------------------------
# Items carry tax1Name (matching a tax's ``description``); a taxable invoice line is taxed with it
# unless useTax1=false; useTax1=true on an item without tax uses the database's default PPN.
DEFAULT_PPN_RATE = Decimal(11)
# Expense lines (detailExpense) are never taxed [CLAIM].

# --- Bank transfer (§4.13) -----------------------------------------------------------------------
# Charge lines are deducted from what arrives: toBank receives fromBankAmount - sum(charges).
BANK_CHARGES_REDUCE_RECEIVED_AMOUNT = True

# --- Delete (§3.1, §2.1, §8.15) -------------------------------------------------------------------
# delete.do takes DELETE (spec; see ACTION_METHODS and the "wrongMethod" switch); a record used by
# another document is refused.

# --- Errors on auth (§1.3, §1.4, §2.2) -------------------------------------------------------------
# Header problems come back as 401 {"s": false, "d": [PDF message]}; token problems as
# 401 {"error": "invalid_token", "error_description": ...}; missing scope as
# 403 {"error": "insufficient_scope", "error_description": ...}.
AUTH_HEADER_ERROR_STATUS = 401

# --- Switches: unconfirmed behaviours offered in every plausible form ---------------------------
# Each database carries its own setting (PUT /_sandbox/databases/{id}/switches); the first value of
# each tuple is the default. The client's contract tests run in every setting.
SWITCHES: dict[str, tuple[str, ...]] = {
    # §2.3 / §8.4: a rate-limit breach as HTTP 429 or as HTTP 200 {"s": false, "d": ["… request per detik …"]}.
    "rateLimitForm": ("http429", "http200"),
    # §1.1: after a database moves host, do OAuth sessions opened before the move still work on the
    # new host ("kept"), or does the new host answer 401 "Data Session Key tidak tepat" ("reopen")?
    "movedSession": ("kept", "reopen"),
    # §3.1 / §8.15: a wrong HTTP method on an action. Accurate runs on a Java servlet stack, whose
    # default is 405 with an HTML page ("405"); it may also answer its JSON 404 ("404"). That it
    # accepts any method is not plausible (issue 10 reports refusals), so it is not offered.
    "wrongMethod": ("405", "404"),
    # §5.2: Money has "up to 6 decimal places" [OFFICIAL via spec type notes]; what happens to a 7th
    # is unconfirmed: refused with Invalid field value ("refuse") or rounded half-up ("round").
    "excessDecimals": ("refuse", "round"),
}

# §3.1 [OFFICIAL via spec summary]: the method of each standard action. Extra read actions
# (get-stock, list-stock, get-balance, …) are GET; extra writes (save-target-quantity) are POST.
# Account-host api-token.do takes GET or POST (§1.4); other account calls GET (POST also accepted).
ACTION_METHODS: dict[str, tuple[str, ...]] = {
    "list": ("GET",),
    "detail": ("GET",),
    "save": ("POST",),
    "bulk-save": ("POST",),
    "delete": ("DELETE",),
}
EXTRA_READ_METHODS = ("GET",)
EXTRA_WRITE_METHODS = ("POST",)
WRONG_METHOD_HTML = (
    "<!doctype html><html><head><title>HTTP Status 405 – Method Not Allowed</title></head>"
    "<body><h1>HTTP Status 405 – Method Not Allowed</h1><p>HTTP method {method} is not supported by this URL"
    "</p></body></html>")

# --- Server failures (§2.2 [OBSERVED]) ----------------------------------------------------------
# "Upsss…" pages: the text is observed; whether it comes as an HTML 5xx page or inside a 200 JSON
# envelope is not — both are injectable fault kinds (server_error / upsss_json).
UPSSS_TEXT = ("Upsss... Telah terjadi permasalahan pada sistem kami. Silakan coba kembali beberapa saat lagi. "
              "Kode Referensi: ersen-{reference}")
JAVA_EXCEPTION_TEXT = "java.lang.RuntimeException"

# --- Latency (§2.3 practical guidance; the reference quotes ~100-500 ms per call [OBSERVED]) -----
# A call waits ``arrival`` (the network on the way in, NOT counted by the limiter: it is what makes
# a client's start times differ from the server's arrival times) and then ``service`` time (counted
# in flight). Service time: triangular between LOW and HIGH with its mode at MODE (ms), seeded.
LATENCY_LOW_MS = 100
LATENCY_MODE_MS = 180
LATENCY_HIGH_MS = 500
# One-way network jitter: uniform in [0, ARRIVAL_JITTER_MS] before the limiter sees the request.
ARRIVAL_JITTER_MS = 20

# --- Purchases (§4.14 [OFFICIAL via spec summary] names the modules and required fields only) ----
# An invoice line billing goods already received names the receipt's number in this field [CLAIM,
# by analogy with sales-invoice lines naming a delivery order].
PURCHASE_LINE_RECEIPT_FIELD = "receiveItemNumber"
# Goods received but not yet invoiced are owed on this account [CLAIM: Accurate's own account name
# is "Hutang Belum Ditagih"-like; the sandbox seeds 2-1050].
PURCHASE_UNBILLED_ACCOUNT = "2-1050"
PURCHASE_PAYABLE_ACCOUNT = "2-1000"
