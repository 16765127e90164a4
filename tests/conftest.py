"""Shared builders, and the one played demo day the e2e and security files read (`played_stack`,
`played_days`). Infrastructure fixtures (kafka_bootstrap, postgres_url…) come from the
`jembatan.devstack.pytest_plugin` plugin."""

import asyncio
import os
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from jembatan.contracts.ledger import OutletSnapshot, TaxSettings
from jembatan.contracts.pos import OrderCompleted
from jembatan.devstack import demo
from jembatan.devstack.pytest_plugin import start_stack
from jembatan.sandbox.iseller.delivery import FaultOptions

# Services default to production (which refuses the demo's secrets). Settings built inside the tests
# run as development unless a test says otherwise; the settings tests clear this to check the default.
os.environ.setdefault("JEMBATAN_ENVIRONMENT", "development")


def order_payload(**overrides: Any) -> dict[str, Any]:
    """A consistent two-line cash + QRIS order: 2×25,000 − 5,000 + 10,000 − 4,000 + 1,000 − 500 = 51,500."""
    payload: dict[str, Any] = {
        "order_id": "ord-1",
        "order_reference": "#HO-1001",
        "outlet_id": "outlet-ho",
        "outlet_code": "HO",
        "register_id": "reg-1",
        "closed_at": datetime(2026, 11, 25, 3, 0, tzinfo=UTC).isoformat(),
        "lines": [
            {
                "line_id": "l1",
                "product_id": "p1",
                "sku": "KOPI-L",
                "name": "Kopi Susu L",
                "quantity": "2",
                "unit_price": "25000",
                "discount_amount": "5000",
            },
            {
                "line_id": "l2",
                "product_id": "p2",
                "sku": "ROTI",
                "name": "Roti Bakar",
                "quantity": "1",
                "unit_price": "10000",
            },
        ],
        "order_discount_amount": "4000",
        "additional_subtotal_amount": "1000",
        "rounding_amount": "-500",
        "total_amount": "51500",
        "payments": [
            {"transaction_id": "t1", "gateway": "cash", "payment_type_name": "Cash", "amount": "20000"},
            {
                "transaction_id": "t2",
                "gateway": "iseller_pay",
                "payment_type_name": "QRIS",
                "amount": "31500",
                "mdr_fee": "220.5",
            },
        ],
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def make_order() -> Callable[..., OrderCompleted]:
    return lambda **overrides: OrderCompleted.model_validate(order_payload(**overrides))


@pytest.fixture
def outlet_snapshot() -> OutletSnapshot:
    return OutletSnapshot(
        outlet_id="outlet-ho",
        outlet_code="HO",
        branch_name="Kantor Pusat",
        warehouse_name="Gudang HO",
        walk_in_customer_no="C-WALKIN-HO",
        tax=TaxSettings(),
        iseller_pay_clearing_account="1-1150",
        mdr_fee_account="6-1100",
        payout_account="1-1120",
        bank_adjustment_account="6-1110",
        service_charge_account="4-2000",
        shipping_account="4-2100",
        rounding_account="7-1000",
    )


ZERO = Decimal(0)


# One stack, one played demo day, for every file that plays the demo day only to read it afterwards
# (docs/local-runtime.md, "The played day"): tests/e2e (the whole day under its two PPN mappings, the
# metrics after a day, the walking skeleton's own tenant) and tests/security/test_secrets_day.py.
# Each reader has its own tenant (and its own Accurate database), so none sees another's documents.
# Files whose day needs its own faults, replicas, simulator or console keep their own stack.
PLAYED_STACK_GROUP = "played-stack"  # pytest-xdist: every test of this stack runs in one worker
PLAYED_STACK_FILES = {  # the files whose tests use `played_stack` (another one would start a second)
    "tests/e2e/test_whole_day.py",
    "tests/e2e/test_metrics_after_a_day.py",
    "tests/e2e/test_walking_skeleton.py",
    "tests/security/test_secrets_day.py",
}
WHOLE_DAY_FAULTS = FaultOptions(duplicate_rate=0.3, reorder_window=5, seed=11)  # iSeller repeats, reorders
PLAYED_DAYS: dict[str, dict[str, Any]] = {
    "day-ppn-tax-code": {"faults": WHOLE_DAY_FAULTS, "charges_ppn": True},  # test_whole_day.py
    "day-ppn-off": {"faults": WHOLE_DAY_FAULTS, "charges_ppn": False},  # test_whole_day.py
    "quiet-day": {},  # test_metrics_after_a_day.py, test_secrets_day.py: the demo day as `make demo` plays it
}


@pytest.fixture(scope="session")
def played_schema_prefix(unique_name) -> str:
    """The played stack's services each have the schema `<this><service>` in the session's database."""
    return unique_name("played") + "_"


@pytest.fixture(scope="session")
async def played_stack(tmp_path_factory, postgres_url, played_schema_prefix):
    """Broker, Accurate sandbox and the four services, each its own process, for the whole session."""
    async with start_stack(
        tmp_path_factory.mktemp("played-stack"), database_url=postgres_url, schema_prefix=played_schema_prefix
    ) as running:
        yield running


@pytest.fixture(scope="session")
async def played_days(played_stack) -> dict[str, dict[str, Any]]:
    """Tenant → `demo.run`'s outcome: the demo day played once per entry of PLAYED_DAYS, all at once."""
    runs = await asyncio.gather(
        *(demo.run(played_stack, tenant=tenant, **options) for tenant, options in PLAYED_DAYS.items())
    )
    return dict(zip(PLAYED_DAYS, runs, strict=True))


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadfile`, except that the files on the played stack go to one worker together (so
    it is started and played once). pytest-xdist's own `loadgroup` marks do not work with pytest 9
    (xdist 3.8 writes the group into a node id attribute pytest no longer reads)."""
    if config.getvalue("dist") != "loadfile":
        return None  # xdist's own scheduler for any other --dist
    from xdist.scheduler import LoadFileScheduling

    class PlayedStackTogether(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return PLAYED_STACK_GROUP if path in PLAYED_STACK_FILES else path

    return PlayedStackTogether(config, log)


def pytest_itemcollected(item: pytest.Item) -> None:
    """schemathesis names each API operation's test (`test_x[GET /healthz]`) after pytest 9 made its
    node id from the bare function name: every operation then shares one id, and xdist, which
    schedules by node id, would run one operation per function. Each gets the id of its own name."""
    parent = item.parent
    if parent is not None and item.nodeid.rsplit("::", 1)[-1] != item.name:
        item._id = parent.id.child(item.name)  # type: ignore[attr-defined]
