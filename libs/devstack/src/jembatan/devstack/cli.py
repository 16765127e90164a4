"""`python -m jembatan.devstack up | broker | topics | demo`: the local runtime from a terminal."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import httpx

from .broker import start_broker, use_external
from .ctrl_c import STOPPED, first_ctrl_c_only, run_until_ctrl_c
from .demo_tenant import connect_demo_tenant
from .ports import KeptState
from .services import SERVICES
from .stack import LocalStack
from .stack_env import new_admin_token, new_secret_key
from .topics import DEFAULT_PARTITIONS, create_topics_sync, standard_topics

DEMO_MODULE = "jembatan.devstack.demo"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["demo"]:
        return run_demo(args[1:])
    parsed = _parser().parse_args(args)
    if parsed.command == "topics":
        return init_topics(parsed.bootstrap, parsed.partitions, parsed.wait)
    first_ctrl_c_only()  # a second Ctrl-C must not break off the stop the first one started
    if parsed.command == "broker":
        return hold_broker(parsed.partitions)
    return hold_stack(parsed)


UP_DIR = Path("var") / "up"


def hold_stack(options: argparse.Namespace) -> int:
    """Start the whole stack, print where everything is (the console first), and hold until Ctrl-C.

    State is kept under `--run-dir` (default `var/up/`): the ports chosen on the first run, the admin
    token, the secret key that seals stored secrets, and the SQLite data, so mappings survive a
    restart. One Ctrl-C, at any moment, stops everything quietly and exits 0."""
    run_dir: Path = options.run_dir or UP_DIR
    kept = KeptState.load(run_dir / "state.json")
    services = [s for s in options.services.split(",") if s]
    sandboxes = ([] if options.no_accurate else ["accurate.account", "accurate.data"]) + (
        ["iseller.api"] if options.iseller else []
    )
    kafka = options.kafka or os.environ.get("JEMBATAN_KAFKA_BOOTSTRAP")
    moved = kept.free_or_new([*services, *sandboxes, *([] if kafka else ["kafka"])])
    kept.admin_token = kept.admin_token or new_admin_token()
    kept.secret_key = kept.secret_key or new_secret_key()
    kept.save()
    stack = LocalStack(
        run_dir=run_dir,
        services=services,
        accurate=not options.no_accurate,
        iseller=options.iseller,
        iseller_seed=options.seed,
        iseller_date=options.date,
        kafka_bootstrap=kafka,
        kafka_idempotent=os.environ.get("JEMBATAN_KAFKA_IDEMPOTENT", "").lower() in {"1", "true"},
        database_url=options.database_url or os.environ.get("JEMBATAN_DATABASE_URL"),
        partitions=options.partitions,
        admin_token=kept.admin_token,
        secret_key=kept.secret_key,
        pinned_ports=kept.ports,
    )
    print(
        f"starting the stack in {stack.run_dir} ({'first run' if kept.first_run else 'kept state'}) ...",
        flush=True,
    )
    if moved:
        print(f"ports taken by something else, new ones chosen for: {', '.join(moved)}", flush=True)
    try:
        try:  # not `with stack:` — a Ctrl-C as `__enter__` returns would skip `__exit__`
            run_until_ctrl_c(stack.start)  # a Ctrl-C at any moment of start-up: KeyboardInterrupt after
            demo = ready_demo_tenant(stack) if "console" in stack.urls and not options.no_accurate else None
            print(describe(stack, demo), flush=True)
            while True:
                dead = [name for name, child in stack.children.items() if not child.alive()]
                if dead:
                    print(f"stopped: {', '.join(dead)} exited; see {stack.logs_dir}", file=sys.stderr)
                    return 1
                time.sleep(0.5)
        finally:
            stack.stop()
    except KeyboardInterrupt:
        print(STOPPED, flush=True)
    return 0


def ready_demo_tenant(stack: LocalStack) -> str | None:
    """`toko-demo` on the Accurate sandbox's seeded demo database, configured once in the one place
    (every service learns it from tenant.config.v1; see `demo_tenant`): the console opens on a tenant
    with Accurate connected and the pickers filled. None when it cannot."""
    try:
        return run_until_ctrl_c(lambda: connect_demo_tenant(stack))
    except (httpx.HTTPError, LookupError, KeyError, ValueError, TimeoutError) as exc:
        print(f"the demo tenant could not be prepared ({type(exc).__name__}); the console still works",
              file=sys.stderr, flush=True)  # fmt: skip
        return None


def describe(stack: LocalStack, demo_tenant: str | None = None) -> str:
    """A few lines telling an operator where to look: the console first."""
    width = max(len(name) for name in [*stack.urls, "kafka"])
    first: list[str] = []
    if "console" in stack.urls:
        page = f"{stack.urls['console']}/t/{demo_tenant}/overview" if demo_tenant else stack.urls["console"]
        first = [f"Console: {page}", f"  sign in with the admin token: {stack.admin_token}", ""]
    lines = [f"  {'kafka'.ljust(width)}  {stack.kafka_bootstrap}"]
    lines += [f"  {name.ljust(width)}  {url}" for name, url in stack.urls.items()]
    return "\n".join(
        [
            *first,
            "Jembatan is up:",
            *lines,
            f"admin token: {stack.admin_token}   (Authorization: Bearer <token>)",
            f"logs:        {stack.logs_dir}/<name>.log",
            f"data:        {stack.database_url or stack.data_dir}",
            f"kept:        {stack.run_dir / 'state.json'} (ports, token, secret key; delete the folder to start afresh)",
            "Ctrl-C stops everything.",
        ]
    )


def hold_broker(partitions: int) -> int:
    """Just tansu with the standard topics, for running a service by hand against it."""
    with start_broker() as broker:
        create_topics_sync(broker.bootstrap, standard_topics(), partitions)
        print(f"export JEMBATAN_KAFKA_BOOTSTRAP={broker.bootstrap}", flush=True)
        try:
            while broker.child is None or broker.child.alive():
                time.sleep(0.5)
        except KeyboardInterrupt:
            return 0
    return 1


def init_topics(bootstrap: str, partitions: int, wait: float) -> int:
    """Create the standard topics on any broker (docker-compose's topic-init job runs this)."""
    use_external(bootstrap, wait_timeout=wait)
    deadline = time.monotonic() + wait
    while True:
        try:
            created = create_topics_sync(bootstrap, standard_topics(), partitions)
            break
        except Exception as error:  # the broker may accept connections before it serves metadata
            if time.monotonic() > deadline:
                raise
            print(f"broker not ready yet ({type(error).__name__}); retrying", file=sys.stderr, flush=True)
            time.sleep(2)
    print(
        f"topics on {bootstrap}: created {created or 'none'}; all {len(standard_topics())} present",
        flush=True,
    )
    return 0


def run_demo(argv: list[str]) -> int:
    """Dispatch to `jembatan.devstack.demo:main`, which the demo owns."""
    if importlib.util.find_spec(DEMO_MODULE) is None:
        print(f"{DEMO_MODULE} does not exist yet", file=sys.stderr)
        return 2
    demo_main = importlib.import_module(DEMO_MODULE).main
    sys.argv = [f"{sys.argv[0]} demo", *argv]
    result = demo_main(argv) if inspect.signature(demo_main).parameters else demo_main()
    return result if isinstance(result, int) else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m jembatan.devstack", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start broker, sandboxes and services; hold until Ctrl-C")
    up.add_argument("--services", default=",".join([*SERVICES, "console"]),
                    help="comma-separated (default: the four services and the console)")  # fmt: skip
    up.add_argument("--iseller", action="store_true", help="also serve the iSeller simulator's pull API")
    up.add_argument("--seed", type=int, default=1, help="iSeller simulator seed")
    up.add_argument("--date", default=None, help="iSeller simulator store day (YYYY-MM-DD, default today)")
    up.add_argument("--no-accurate", action="store_true", help="do not start the Accurate sandbox")
    up.add_argument("--kafka", default=None, help="use this bootstrap instead of starting tansu")
    up.add_argument("--database-url", default=None, help="postgresql+asyncpg://... (default: SQLite files)")
    up.add_argument("--run-dir", type=Path, default=None, help="kept between runs (default: var/up)")
    up.add_argument("--partitions", type=int, default=DEFAULT_PARTITIONS)
    broker = commands.add_parser("broker", help="start tansu with the standard topics; hold until Ctrl-C")
    broker.add_argument("--partitions", type=int, default=DEFAULT_PARTITIONS)
    topics = commands.add_parser("topics", help="create the standard topics on a running broker and exit")
    topics.add_argument("--bootstrap", default=os.environ.get("JEMBATAN_KAFKA_BOOTSTRAP", "127.0.0.1:9092"))
    topics.add_argument(
        "--partitions", type=int, default=int(os.environ.get("JEMBATAN_KAFKA_PARTITIONS", DEFAULT_PARTITIONS))
    )
    topics.add_argument("--wait", type=float, default=120.0, help="seconds to wait for the broker")
    commands.add_parser("demo", help="run the end-to-end demo (jembatan.devstack.demo)")
    return parser
