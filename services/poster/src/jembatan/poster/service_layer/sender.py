"""Sending planned documents to Accurate through the posting ledger — never twice.

`sending` is committed before the call. A create whose outcome is unknown is looked up by its
deterministic number before anything is sent again; "number already exists" adopts the document.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import UTC, datetime
from decimal import Decimal

from jembatan.accurate import AccurateClient, AccurateError, FailureKind
from jembatan.contracts import Envelope, stable_id
from jembatan.contracts.sync import DocumentPosted, DocumentState
from jembatan.contracts.topics import SYNC_RESULTS
from jembatan.platform.db import Database
from jembatan.platform.metrics import DOCUMENTS, EVENT_TO_POSTED
from jembatan.platform.outbox import add_to_outbox
from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from ..adapters.accurate_gateway import AccurateGateway
from ..adapters.customers import CustomerDirectory
from ..adapters.tables import Posting
from ..domain.posting import State, after_failure, transition

log = logging.getLogger(__name__)


class PostingWorker:
    def __init__(self, db: Database, gateway: AccurateGateway, *, batch_size: int = 50) -> None:
        self.db = db
        self.gateway = gateway
        self.batch_size = batch_size
        self.customers = CustomerDirectory()
        self.wake = asyncio.Event()

    async def recover(self) -> None:
        """After a crash, a document left `sending` may or may not exist in Accurate."""
        async with self.db.session() as session:
            await session.execute(
                update(Posting)
                .where(col(Posting.state) == State.SENDING)
                .values(state=State.UNKNOWN, message="interrupted while sending")
            )

    async def run(self, interval: float = 0.5) -> None:
        await self.recover()
        while True:
            try:
                while await self.post_due() > 0:
                    pass
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("posting round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=interval)
            self.wake.clear()

    async def post_due(self) -> int:
        """Handle one batch of due documents; returns how many were handled."""
        keys = await self._due_keys()
        for key in keys:
            await self.post_one(key)
        return len(keys)

    async def _due_keys(self) -> list[str]:
        async with self.db.session() as session:
            posted = select(Posting.document_key).where(col(Posting.state) == State.POSTED)
            query = (
                select(Posting.document_key)
                .where(col(Posting.state).in_([State.PLANNED, State.UNKNOWN]))
                .where(col(Posting.depends_on).is_(None) | col(Posting.depends_on).in_(posted))
                .order_by(col(Posting.created_at))
                .limit(self.batch_size)
            )
            return list((await session.exec(query)).all())

    async def post_one(self, key: str) -> None:
        async with self.db.session() as session:
            doc = await session.get(Posting, key)
        if doc is None or doc.state not in (State.PLANNED, State.UNKNOWN):
            return
        client = await self.gateway.client(doc.tenant_id)
        if client is None:
            return  # the tenant has not connected Accurate yet; the document waits
        if doc.state == State.UNKNOWN:
            await self._resolve_unknown(doc, client)
            return
        body = json.loads(doc.body, parse_float=Decimal)
        try:
            if "customerNo" in body:
                await self.customers.ensure(doc.tenant_id, client, body["customerNo"])
        except AccurateError as exc:
            log.warning("customer not ready", extra={"number": doc.number, "error": str(exc)})
            return  # nothing was sent for the document itself; it stays planned
        await self._set(key, State.SENDING, attempts=doc.attempts + 1)
        try:
            result = await client.save(doc.document_type, body)
        except AccurateError as exc:
            state = after_failure(exc.kind)
            log.warning(
                "document not posted",
                extra={"number": doc.number, "kind": exc.kind, "state": state, "error": str(exc)},
            )
            await self._set(key, state, message=str(exc))
            if state == State.UNKNOWN:
                await self._resolve_unknown(doc, client)
            return
        await self._set(key, State.POSTED, accurate_id=result.id, message=None)

    async def _resolve_unknown(self, doc: Posting, client: AccurateClient) -> None:
        try:
            found = await client.detail(doc.document_type, number=doc.number)
        except AccurateError as exc:
            if exc.kind == FailureKind.NOT_FOUND:
                await self._set(
                    doc.document_key, State.PLANNED, message="not in Accurate after an unknown outcome"
                )
            return
        await self._set(
            doc.document_key, State.POSTED, accurate_id=found.get("id"), message="adopted by number"
        )

    async def _set(
        self,
        key: str,
        state: State,
        *,
        message: str | None = None,
        attempts: int | None = None,
        accurate_id: int | None = None,
    ) -> None:
        async with self.db.session() as session:
            doc = await session.get(Posting, key)
            assert doc is not None
            doc.state = transition(State(doc.state), state)
            doc.updated_at = datetime.now(UTC)
            if message is not None or state == State.POSTED:
                doc.message = message
            if attempts is not None:
                doc.attempts = attempts
            if accurate_id is not None:
                doc.accurate_id = accurate_id
            session.add(doc)
            DOCUMENTS.labels(doc.document_type, state).inc()
            if state in (State.POSTED, State.FAILED):
                _report(session, doc)
            if state == State.POSTED:
                EVENT_TO_POSTED.observe((doc.updated_at - doc.occurred_at).total_seconds())


def _report(session: AsyncSession, doc: Posting) -> None:
    result = DocumentPosted(
        document_key=doc.document_key,
        document_type=doc.document_type,
        number=doc.number,
        state=DocumentState(doc.state),
        accurate_id=doc.accurate_id,
        message=doc.message,
        source_ids=doc.source_ids,
    )
    envelope = Envelope(
        id=stable_id(doc.document_key, doc.state, str(doc.attempts)),
        type="sync.document_posted",
        tenant_id=doc.tenant_id,
        occurred_at=doc.updated_at,
        correlation_id=stable_id(doc.document_key),
        schema_="sync.document_posted/1",
        payload=result.model_dump(mode="json"),
    )
    add_to_outbox(session, SYNC_RESULTS, envelope)
