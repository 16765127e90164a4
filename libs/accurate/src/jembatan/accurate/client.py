"""The async Accurate Online client used by the mapper and the poster."""

from __future__ import annotations

import builtins
from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import date
from decimal import Decimal
from types import TracebackType
from typing import Any

import httpx
from jembatan.accurate import jsonbody
from jembatan.accurate.auth import Auth
from jembatan.accurate.budget import RequestBudget, shared_budget
from jembatan.accurate.bulk import MAX_BULK, record_results
from jembatan.accurate.dates import accurate_date
from jembatan.accurate.documents.base import AccurateDocument
from jembatan.accurate.errors import AccurateError, FailureKind
from jembatan.accurate.naming import as_record, check_name, one_key
from jembatan.accurate.observe import CallObserver
from jembatan.accurate.paging import DEFAULT_PAGE_SIZE, FilterValue, Page, list_params, to_param
from jembatan.accurate.results import RecordResult, SaveResult
from jembatan.accurate.retry import RetryPolicy
from jembatan.accurate.transport import Call, Transport

DEFAULT_ACCOUNT_URL = "https://account.accurate.id"
JSON = "application/json"


class AccurateClient:
    """Async client for one Accurate database.

    Use as ``async with AccurateClient(auth) as client: ...``. All clients of the same database
    share one :class:`RequestBudget` unless ``budget`` is given.
    """

    def __init__(
        self,
        auth: Auth,
        account_url: str = DEFAULT_ACCOUNT_URL,
        budget: RequestBudget | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: float | httpx.Timeout = 30.0,
        http_transport: httpx.AsyncBaseTransport | None = None,
        http: httpx.AsyncClient | None = None,
        observer: CallObserver | None = None,
    ) -> None:
        self.auth = auth
        self.budget = budget or shared_budget(auth.budget_key)
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            timeout=timeout, transport=http_transport, follow_redirects=False
        )
        retry = retry or RetryPolicy()
        self._transport = Transport(self._http, auth, account_url, self.budget, retry, observer)

    async def __aenter__(self) -> AccurateClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP connections (only when this client created them)."""
        if self._owns_http:
            await self._http.aclose()

    async def connect(self) -> str:
        """Discover the data host now (otherwise it happens on the first call); return it."""
        return await self.auth.ensure_host(self._transport)

    async def save(self, module: str, record: Mapping[str, Any] | AccurateDocument) -> SaveResult:
        """``POST {module}/save.do``; a record without ``id`` creates, with ``id`` updates.

        A create is never re-sent once it may have reached Accurate: a timeout, dropped connection
        or server error then raises ``AccurateError(kind=UNKNOWN_OUTCOME)``.
        """
        body = as_record(record)
        envelope = await self._send("POST", module, "save", body=jsonbody.encode(body), idempotent=False)
        return SaveResult.from_envelope(envelope)

    async def save_document(self, document: AccurateDocument) -> SaveResult:
        """Save a typed document to its own module and action (e.g. ``save-target-quantity``)."""
        body = jsonbody.encode(document.to_accurate())
        envelope = await self._send(
            "POST", document.MODULE, document.SAVE_ACTION, body=body, idempotent=False
        )
        return SaveResult.from_envelope(envelope)

    async def bulk_save(
        self, module: str, records: Iterable[Mapping[str, Any] | AccurateDocument]
    ) -> builtins.list[RecordResult]:
        """``POST {module}/bulk-save.do`` with up to 100 records; one result per record, in order."""
        data = [as_record(record) for record in records]
        if not 0 < len(data) <= MAX_BULK:
            raise ValueError(f"bulk_save takes 1..{MAX_BULK} records, got {len(data)}")
        body = jsonbody.encode({"data": data})
        envelope = await self._send("POST", module, "bulk-save", body=body, idempotent=False, per_record=True)
        return record_results(envelope, len(data), f"{module}/bulk-save.do")

    async def detail(self, module: str, *, id: int | None = None, **key: Any) -> dict[str, Any]:
        """``GET {module}/detail.do`` by ``id`` or one business key (``number=``, ``no=``, ...)."""
        params = one_key(id, key)
        envelope = await self._send("GET", module, "detail", params=params)
        if not isinstance(envelope.data, dict):
            raise AccurateError(FailureKind.NOT_FOUND, envelope.messages, endpoint=f"{module}/detail.do")
        return envelope.data

    async def list(
        self,
        module: str,
        fields: Iterable[str] | None = None,
        filters: Mapping[str, FilterValue] | None = None,
        page: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
        sort: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Page:
        """``GET {module}/list.do``; ``filters={"no": ("EQUAL", "SKU-1")}``, ``sort="id|asc"``."""
        query = list_params(fields, filters, page, page_size, sort, params)
        envelope = await self._send("GET", module, "list", params=query)
        return Page.from_reply(envelope.data, envelope.paging, page, page_size)

    async def iter_list(
        self,
        module: str,
        fields: Iterable[str] | None = None,
        filters: Mapping[str, FilterValue] | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
        sort: str | None = "id|asc",
        params: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[dict[str, Any]]:
        """Yield every row of ``list.do``, page after page, following ``sp.pageCount``."""
        names = list(fields) if fields is not None else None
        page_number = 1
        while True:
            page = await self.list(module, names, filters, page_number, page_size, sort, params)
            for row in page.rows:
                yield row
            if not page.rows or not page.has_next:
                return
            page_number = page.page + 1

    async def delete(self, module: str, *, id: int | None = None, **key: Any) -> builtins.list[str]:
        """``DELETE {module}/delete.do`` by ``id`` or business key; returns Accurate's messages."""
        envelope = await self._send("DELETE", module, "delete", params=one_key(id, key), idempotent=False)
        return envelope.messages

    async def account_balance(
        self,
        no: str,
        *,
        as_of: date | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
        branch_name: str | None = None,
    ) -> Decimal:
        """An account's balance (``glaccount/get-balance.do``): as of a date, or its movement between two.

        The balance is in the account's natural sign, as Accurate reports it (``d.balance``).
        """
        params: dict[str, str] = {"no": no}
        for name, value in (("asOfDate", as_of), ("fromDate", from_date), ("toDate", to_date)):
            if value is not None:
                params[name] = accurate_date(value)
        if branch_name is not None:
            params["branchName"] = branch_name
        envelope = await self._send("GET", "glaccount", "get-balance", params=list(params.items()))
        balance = envelope.data.get("balance") if isinstance(envelope.data, dict) else None
        if balance is None:
            raise AccurateError(
                FailureKind.VALIDATION,
                ["get-balance.do returned no balance"],
                endpoint="glaccount/get-balance.do",
            )
        return Decimal(str(balance))

    async def documents(
        self,
        module: str,
        *,
        from_date: date,
        to_date: date,
        branch_name: str | None = None,
        fields: Iterable[str] = ("id", "number", "transDate", "branchName", "totalAmount"),
        page_size: int = 100,
    ) -> AsyncIterator[dict[str, Any]]:
        """Every document of ``module`` dated ``from_date``..``to_date`` (inclusive), of one branch if given.

        Uses ``filter.transDate.op=BETWEEN`` (the ``.from/.to`` form is silently ignored by Accurate).
        """
        filters: dict[str, FilterValue] = {
            "transDate": ("BETWEEN", [accurate_date(from_date), accurate_date(to_date)])
        }
        if branch_name is not None:
            filters["branchName"] = ("EQUAL", branch_name)
        async for row in self.iter_list(module, fields, filters, page_size):
            yield row

    async def call(
        self,
        method: str,
        module: str,
        action: str,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> dict[str, Any]:
        """Any data endpoint ``{module}/{action}.do``; returns the whole envelope as a dict.

        Only GETs are re-sent after reaching Accurate unless ``idempotent=True`` is passed.
        """
        query = [(name, to_param(value)) for name, value in (params or {}).items()]
        body = jsonbody.encode(json) if json is not None else None
        repeatable = method.upper() == "GET" if idempotent is None else idempotent
        envelope = await self._send(
            method.upper(), module, action, params=query, body=body, idempotent=repeatable
        )
        return envelope.raw

    async def call_account(
        self, method: str, name: str, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """An account-host endpoint ``/api/{name}.do`` (e.g. ``approved-scope``); returns the envelope."""
        check_name(name)
        query = {key: to_param(value) for key, value in (params or {}).items()}
        envelope = await self._transport.account_call(method.upper(), f"/api/{name}.do", params=query)
        return envelope.raw

    async def _send(
        self,
        method: str,
        module: str,
        action: str,
        *,
        params: builtins.list[tuple[str, str]] | None = None,
        body: bytes | None = None,
        idempotent: bool = True,
        per_record: bool = False,
    ) -> Any:
        check_name(module)
        check_name(action)
        call = Call(
            method=method,
            target="data",
            path=f"/accurate/api/{module}/{action}.do",
            endpoint=f"{module}/{action}.do",
            action=action,
            params=params or [],
            body=body,
            content_type=JSON if body is not None else None,
            idempotent=idempotent,
            per_record=per_record,
        )
        return await self._transport.send(call)
