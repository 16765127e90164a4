"""Finding 8 (poster): inputs the fuzzing found that answered 500 are refused with a 422."""

import httpx
import pytest
from jembatan.poster.bootstrap import MIGRATIONS, build_app
from jembatan.poster.config import PosterSettings

pytestmark = pytest.mark.integration


@pytest.fixture
async def poster(postgres_url, unique_name):
    app = build_app(PosterSettings(database_url=postgres_url, db_schema=unique_name("poster")))
    db = app.state.runtime.db
    await db.migrate(MIGRATIONS)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="http://poster",
        headers={"Authorization": "Bearer dev-admin-token"},
    ) as client:
        yield client
    await db.dispose()


@pytest.mark.parametrize("limit", [-1, 0, 10**12])
async def test_a_document_list_limit_outside_its_bounds_is_refused(poster, limit):
    assert (await poster.get(f"/admin/tenants/t1/documents?limit={limit}")).status_code == 422


async def test_a_document_state_that_does_not_exist_is_refused(poster):
    assert (await poster.get("/admin/tenants/t1/documents?state=%00")).status_code == 422


async def test_a_document_list_in_bounds_answers(poster):
    assert (await poster.get("/admin/tenants/t1/documents?limit=10000&state=failed")).json() == []


async def test_a_document_key_with_a_nul_character_is_refused(poster):
    # no document can have such a key: the platform answers "not found" before any route runs
    assert (await poster.post("/admin/tenants/t1/documents/a%00b/retry")).status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"api_token": "tökén", "signature_secret": "s"},
        {"api_token": "t", "signature_secret": "s", "account_url": "not a url"},
    ],
)
async def test_a_connection_the_poster_could_never_use_is_refused(poster, body):
    response = await poster.put("/admin/tenants/t1/accurate", json=body)
    assert response.status_code == 422 and "tökén" not in response.text
