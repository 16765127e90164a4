"""A background loop (consumer, relay, sending worker) that ends before its app stops is logged
with its name and makes `/readyz` fail, so a service never goes quiet while answering "ready"."""

from __future__ import annotations

import asyncio
import logging

import httpx
from jembatan.platform.background import BackgroundLoops
from jembatan.platform.service import ServiceCore
from jembatan.platform.settings import ServiceSettings


async def forever() -> None:
    await asyncio.Event().wait()


async def breaks() -> None:
    await asyncio.sleep(0)
    raise RuntimeError("the sender's connection pool is closed")


async def returns() -> None:
    await asyncio.sleep(0)


async def test_a_loop_that_raises_or_returns_is_logged_and_named_by_the_readiness_check(caplog):
    loops = BackgroundLoops()
    caplog.set_level(logging.ERROR, logger="jembatan.platform.background")
    loops.start("poster-messages", forever())
    assert await loops.check() is None

    loops.start("posting-worker", breaks())
    loops.start("window-sweeper", returns())
    for _ in range(10):
        await asyncio.sleep(0)
    reason = await loops.check()
    assert reason is not None
    assert "posting-worker ended (RuntimeError: the sender's connection pool is closed)" in reason
    assert "window-sweeper ended (returned)" in reason and "poster-messages" not in reason
    died = {r.loop for r in caplog.records if r.getMessage() == "background loop died"}  # type: ignore[attr-defined]
    assert died == {"posting-worker", "window-sweeper"}
    await loops.stop()


async def test_stopping_the_app_is_not_a_death():
    loops = BackgroundLoops()
    loops.start("poster-messages", forever())
    await asyncio.sleep(0)
    await loops.stop()
    assert await loops.check() is None


async def test_readyz_names_the_loop_that_ended(tmp_path, monkeypatch):
    settings = ServiceSettings(environment="development", service_name="poster", data_dir=tmp_path,
                               kafka_bootstrap="127.0.0.1:1")  # fmt: skip
    core = ServiceCore(settings)
    core.readiness.add("database", _fine)  # this test is about the loops alone
    core.readiness.add("broker", _fine)
    monkeypatch.setattr(core.relay, "run", forever)
    app = core.app(migrations=tmp_path / "none", loops={"posting-worker": breaks})
    monkeypatch.setattr(core.db, "migrate", _migrate_nothing)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://poster") as client,
    ):
        for _ in range(10):
            await asyncio.sleep(0)
        answer = await client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["loops"].startswith("posting-worker ended (RuntimeError")


async def _fine() -> None:
    return None


async def _migrate_nothing(_: object) -> None:
    return None
