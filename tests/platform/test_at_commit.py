"""Work left for a transaction's end: steps run once inside it just before the commit (so a consumer
batch can write its rows in one statement), callbacks only once it committed. Real PostgreSQL."""

from datetime import UTC, datetime

import pytest
from jembatan.contracts import Envelope, stable_id
from jembatan.platform.at_commit import StepsNotRun, after_commit, before_commit
from jembatan.platform.consumer import ProcessedMessage, handle_batch
from jembatan.platform.db import Database
from sqlmodel import Field, SQLModel, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

pytestmark = pytest.mark.integration


class Written(SQLModel, table=True):
    __tablename__ = "test_at_commit_written"
    id: int | None = Field(default=None, primary_key=True)
    message_id: str


@pytest.fixture
async def db(database_with):
    return await database_with(ProcessedMessage, Written)


def envelope(n: int) -> Envelope:
    return Envelope(
        id=stable_id("at-commit", str(n)), type="test.thing", tenant_id="tenant-a", occurred_at=datetime.now(UTC),
        correlation_id="c", schema_="pos.order_completed/1", payload={"n": n},
    )  # fmt: skip


async def written(db: Database) -> int:
    async with db.session() as session:
        return (await session.exec(select(func.count()).select_from(Written))).one()


class Gathering:
    """A handler that gathers each message and writes them all in one step at the transaction's end."""

    def __init__(self, fail_at_end: bool = False) -> None:
        self.steps_run = 0
        self.after = 0
        self.fail_at_end = fail_at_end

    async def handle(self, session: AsyncSession, env: Envelope) -> None:
        gathered: list[str] = session.info.setdefault("test.gathered", [])
        gathered.append(env.id)
        before_commit(session, "test.write", self.write)
        after_commit(session, "test.after", self.committed)

    async def write(self, session: AsyncSession) -> None:
        self.steps_run += 1
        session.add_all(Written(message_id=m) for m in session.info.pop("test.gathered"))
        await session.flush()
        if self.fail_at_end:
            raise RuntimeError("the batch's write failed")

    def committed(self) -> None:
        self.after += 1


async def test_a_batch_writes_its_gathered_rows_in_one_step_and_calls_back_once_after_commit(db):
    handler = Gathering()
    fresh = await handle_batch(db, "c1", [envelope(n) for n in range(50)], handler.handle)
    assert fresh == [True] * 50
    assert await written(db) == 50
    assert handler.steps_run == 1
    assert handler.after == 1


async def test_a_step_that_fails_keeps_nothing_of_the_batch_and_calls_nothing_back(db):
    handler = Gathering(fail_at_end=True)
    with pytest.raises(RuntimeError, match="write failed"):
        await handle_batch(db, "c1", [envelope(n) for n in range(5)], handler.handle)
    assert await written(db) == 0
    async with db.session() as session:
        assert (await session.exec(select(func.count()).select_from(ProcessedMessage))).one() == 0
    assert handler.after == 0


async def test_a_callback_does_not_run_when_the_transaction_rolls_back(db):
    handler = Gathering()
    with pytest.raises(ValueError):
        async with db.session() as session:
            await handler.handle(session, envelope(1))
            raise ValueError("the handler failed after gathering")
    assert handler.steps_run == 0
    assert handler.after == 0
    assert await written(db) == 0


async def test_a_commit_that_would_skip_waiting_steps_fails_instead(db):
    handler = Gathering()
    with pytest.raises(StepsNotRun):
        async with db.session() as session:
            await handler.handle(session, envelope(1))
            await session.commit()  # not the way Database.session() commits: the step has not run
    assert await written(db) == 0


async def test_a_failing_callback_does_not_undo_the_commit(db):
    def fails() -> None:
        raise RuntimeError("nudge failed")

    async with db.session() as session:
        session.add(Written(message_id="kept"))
        after_commit(session, "fails", fails)
    assert await written(db) == 1
