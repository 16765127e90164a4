"""`LocalStack`: broker, topics, sandboxes and the four services as local processes.

    with LocalStack(iseller=True) as stack:          # or: async with LocalStack() as stack
        httpx.get(f"{stack.urls['poster']}/healthz")
        stack.accurate.account_url, stack.admin_token, stack.log_path("mapper")

Everything runs under one run directory (`var/run/<timestamp>/` by default): `logs/<name>.log`
per child, `data/` for the SQLite files. Leaving the block stops every child; see `processes`
for the nets that catch a crash, Ctrl-C or SIGTERM of the runner.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from .broker import Broker, start_tansu, use_external
from .ports import free_port
from .processes import ChildProcess, spawn, stop_together
from .readiness import wait_healthy
from .sandboxes import (
    AccurateSandbox,
    ArgvFactory,
    ISellerSimulator,
    accurate_argv,
    accurate_oauth_app,
    iseller_argv,
    start_accurate,
    start_iseller,
)
from .services import SERVICES, ServiceSpec, as_spec
from .stack_env import StackConfig, base_env, new_admin_token, new_secret_key, peer_urls, service_env
from .topics import DEFAULT_PARTITIONS, create_topics, standard_topics


class LocalStack:
    """Start with `start()` / `with` / `async with`; stop with `stop()` or by leaving the block."""

    def __init__(
        self,
        *,
        run_dir: Path | None = None,
        services: Sequence[str | ServiceSpec] = SERVICES,
        accurate: bool = True,
        seed_demo: bool = True,
        iseller: bool = False,
        iseller_seed: int = 1,
        iseller_date: str | None = None,
        kafka_bootstrap: str | None = None,
        kafka_idempotent: bool = False,
        partitions: int = DEFAULT_PARTITIONS,
        database_url: str | None = None,
        schema_prefix: str = "",
        admin_token: str | None = None,
        secret_key: str | None = None,
        log_level: str = "INFO",
        ready_within: float = 90.0,
        accurate_command: ArgvFactory | None = None,
        iseller_command: ArgvFactory | None = None,
        pinned_ports: dict[str, int] | None = None,
        replicas: dict[str, int] | None = None,
    ) -> None:
        self.run_dir = (run_dir or default_run_dir()).resolve()
        self.logs_dir = self.run_dir / "logs"
        self.data_dir = self.run_dir / "data"
        self.specs = [as_spec(s) for s in services]
        self.admin_token = admin_token or new_admin_token()
        self.secret_key = secret_key or new_secret_key()
        self.database_url = database_url
        self.ready_within = ready_within
        self._options = (kafka_bootstrap, kafka_idempotent, partitions, schema_prefix, log_level)
        # `pinned_ports`: service name, "kafka", "accurate.account", "accurate.data", "iseller.api" →
        # the port to use (`make up` keeps them between runs); anything not named gets a free port.
        self.pinned = dict(pinned_ports or {})
        # `replicas`: service name → how many processes run it (as compose runs two posters); the
        # first is `<name>` in `urls`/`children`, the others `<name>-2`, `<name>-3` … with the same
        # settings (same database schema, same consumer group) on ports of their own.
        self.replicas = dict(replicas or {})
        accurate_cmd = (accurate_command or accurate_argv(seed_demo)) if accurate else None
        self._accurate_command = _pinned(accurate_cmd, "accurate", self.pinned)
        day = iseller_date or dt.date.today().isoformat()
        self._iseller_command = _pinned((iseller_command or iseller_argv(iseller_seed, day)) if iseller else None,
                                        "iseller", self.pinned)  # fmt: skip
        self.broker: Broker | None = None
        self._accurate: AccurateSandbox | None = None
        self.oauth_app: dict[str, str] = {}  # the sandbox's OAuth app as ingest's settings
        self._iseller: ISellerSimulator | None = None
        self.ports: dict[str, int] = {}
        self.urls: dict[str, str] = {}
        self.children: dict[str, ChildProcess] = {}

    @property
    def accurate(self) -> AccurateSandbox:
        """The Accurate sandbox (`account_url`, `data_url`); LookupError if this stack has none."""
        if self._accurate is None:
            raise LookupError("this stack runs no Accurate sandbox (or is not started)")
        return self._accurate

    @property
    def iseller(self) -> ISellerSimulator:
        """The iSeller simulator's pull API (`url`); LookupError if this stack has none."""
        if self._iseller is None:
            raise LookupError("this stack runs no iSeller simulator (pass iseller=True)")
        return self._iseller

    @property
    def kafka_bootstrap(self) -> str:
        assert self.broker is not None, "stack not started"
        return self.broker.bootstrap

    def log_path(self, name: str) -> Path:
        return self.logs_dir / f"{name}.log"

    async def start(self) -> LocalStack:
        """Start everything and wait until every `/healthz` answers 200. On failure, stop it all."""
        try:
            await self._start()
        except BaseException:
            self.stop()
            raise
        return self

    async def _start(self) -> None:
        bootstrap, idempotent, partitions, prefix, log_level = self._options
        for folder in (self.logs_dir, self.data_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.broker = (
            use_external(bootstrap)
            if bootstrap
            else start_tansu(self.logs_dir, port=self.pinned.get("kafka"))
        )
        await create_topics(self.broker.bootstrap, standard_topics(), partitions)
        env, cwd, within = base_env(), self.run_dir, self.ready_within
        if self._accurate_command:
            self._accurate = await start_accurate(
                self.logs_dir, env=env, cwd=cwd, argv=self._accurate_command, within=within
            )
            self.children["accurate"] = self.accurate.child
            self.oauth_app = await accurate_oauth_app(self.accurate.account_url)
            self.urls |= {
                "accurate.account": self.accurate.account_url,
                "accurate.data": self.accurate.data_url,
            }
        if self._iseller_command:
            self._iseller = await start_iseller(
                self.logs_dir, env=env, cwd=cwd, argv=self._iseller_command, within=within
            )
            self.children["iseller"] = self.iseller.child
            self.urls["iseller"] = self.iseller.url
        self.ports = {spec.name: self.pinned.get(spec.name) or free_port() for spec in self.specs}
        self.urls |= {name: f"http://127.0.0.1:{port}" for name, port in self.ports.items()}
        config = StackConfig(
            data_dir=self.data_dir,
            kafka_bootstrap=self.broker.bootstrap,
            kafka_is_tansu=not self.broker.external,
            kafka_idempotent=idempotent and self.broker.external,
            partitions=partitions,
            database_url=self.database_url,
            schema_prefix=prefix,
            admin_token=self.admin_token,
            secret_key=self.secret_key,
            log_level=log_level,
        )
        peers = peer_urls(self.urls) | self.oauth_app
        for spec in self.specs:
            env = service_env(spec.name, self.ports[spec.name], config, peers, spec.env)
            self.children[spec.name] = spawn(
                spec.name, spec.command(), log_path=self.log_path(spec.name), env=env, cwd=self.run_dir
            )
        for spec, name in self._extra_replicas():
            port = free_port()
            self.urls[name] = f"http://127.0.0.1:{port}"
            env = service_env(spec.name, port, config, peers, spec.env)
            self.children[name] = spawn(
                name, spec.command(), log_path=self.log_path(name), env=env, cwd=self.run_dir
            )
        try:
            async with asyncio.TaskGroup() as group:
                for name in [s.name for s in self.specs] + [name for _, name in self._extra_replicas()]:
                    child, url = self.children[name], self.urls[name]
                    group.create_task(wait_healthy(child, url, within=self.ready_within))
        except BaseExceptionGroup as failed:
            raise failed.exceptions[0] from None  # the first service that failed says why

    def stop(self, within: float = 10.0) -> None:
        """Stop the services (SIGTERM, then SIGKILL after `within` s), the sandboxes, then the broker."""
        names = [s.name for s in self.specs] + [name for _, name in self._extra_replicas()]
        services = [self.children[name] for name in names if name in self.children]
        sandboxes = [c for name, c in self.children.items() if name in {"accurate", "iseller"}]
        try:
            stop_together(services, within)
            stop_together(sandboxes, within)
        finally:
            if self.broker is not None:
                self.broker.stop()

    def _extra_replicas(self) -> list[tuple[ServiceSpec, str]]:
        """(spec, child name) of every replica after a service's first."""
        return [
            (spec, f"{spec.name}-{n}")
            for spec in self.specs
            for n in range(2, self.replicas.get(spec.name, 1) + 1)
        ]

    def __enter__(self) -> LocalStack:
        from .topics import run_sync

        return run_sync(self.start())

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    async def __aenter__(self) -> LocalStack:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await asyncio.to_thread(self.stop)


def _pinned(argv: ArgvFactory | None, sandbox: str, pinned: dict[str, int]) -> ArgvFactory | None:
    """The sandbox's command on its pinned ports the first time; on free ones if it must retry."""
    if argv is None or not any(name.startswith(f"{sandbox}.") for name in pinned):
        return argv
    inner, tries = argv, [0]

    def on_pinned_ports(ports: dict[str, int]) -> Sequence[str]:
        tries[0] += 1
        if tries[0] == 1:
            ports = {k: pinned.get(f"{sandbox}.{k}", v) for k, v in ports.items()}
        return inner(ports)

    return on_pinned_ports


def default_run_dir() -> Path:
    """`var/run/<UTC timestamp>-<pid>` under the current directory."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return Path("var") / "run" / f"{stamp}-{os.getpid()}"
