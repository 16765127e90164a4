"""308 Permanent Redirect over real HTTP: the old host of a moved database points at the sandbox's data host.

The sandbox has no "move this database" switch, so the old host here is a tiny raw-socket server
that answers every request with ``308`` to the same path on the sandbox; the sandbox then checks
the repeated request's Authorization and signature and saves the document from its body.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from jembatan.accurate import AccurateClient, ApiTokenAuth


@dataclass
class OldHost:
    url: str
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, target)


@pytest.fixture
async def old_host(sandbox: Any) -> AsyncIterator[OldHost]:
    host = OldHost(url="")

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        method, target, _ = head.split("\r\n", 1)[0].split(" ", 2)
        length = next(
            (
                int(line.split(":", 1)[1])
                for line in head.split("\r\n")
                if line.lower().startswith("content-length:")
            ),
            0,
        )
        await reader.readexactly(length)
        host.requests.append((method, target))
        writer.write(
            f"HTTP/1.1 308 Permanent Redirect\r\nLocation: {sandbox.data_url}{target}\r\n"
            "Content-Length: 0\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    host.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    async with server:
        yield host


async def test_moved_database_is_followed_with_method_body_and_authorization(
    sandbox: Any, database: dict[str, Any], old_host: OldHost
) -> None:
    auth = ApiTokenAuth(database["apiToken"], database["signatureSecret"], host=old_host.url)
    async with AccurateClient(auth, sandbox.account_url) as client:
        saved = await client.save("item", {"no": "SKU-M", "name": "Dipindah", "itemType": "SERVICE"})
        assert saved.number == "SKU-M"  # the sandbox authenticated the repeated POST and read its body
        assert auth.host == sandbox.data_url  # the new host is remembered
        found = await client.detail("item", no="SKU-M")
    assert found["name"] == "Dipindah"
    assert old_host.requests == [
        ("POST", "/accurate/api/item/save.do")
    ]  # later calls went straight to the new host
