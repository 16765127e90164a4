"""Every refusal of every service has one documented shape; /metrics is documented as text."""

import httpx
import pytest
from fastapi import FastAPI
from jembatan.platform.errors import UNSTORABLE, install_error_handling
from jembatan.platform.http import create_service_app, no_lifespan
from jembatan.platform.params import Credential, RowId
from pydantic import BaseModel
from sqlalchemy.exc import DataError


class Login(BaseModel):
    token: Credential


def service() -> FastAPI:
    app = create_service_app("test", admin_token="t" * 40, secret_key=b"k" * 32, lifespan=no_lifespan)
    install_error_handling(app)

    @app.post("/login/{row_id}")
    async def login(row_id: RowId, body: Login) -> dict[str, int]:
        return {"row": row_id}

    @app.get("/store")
    async def store() -> None:
        raise DataError("INSERT ...", {}, Exception("value too long for type character varying(100)"))

    return app


@pytest.fixture
async def client():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=service()), base_url="http://t") as c:
        yield c


async def test_a_request_that_does_not_fit_names_the_field_and_never_echoes_the_value(client):
    response = await client.post("/login/1", json={"token": "rahasia sekali"})
    assert response.status_code == 422
    assert response.json() == {"detail": [{"loc": ["body", "token"], "type": "value_error",
                                           "msg": response.json()["detail"][0]["msg"]}]}  # fmt: skip
    assert "rahasia" not in response.text


async def test_a_path_id_beyond_the_database_integer_is_refused(client):
    assert (await client.post(f"/login/{2**31}", json={"token": "t"})).status_code == 422
    assert (await client.post(f"/login/{2**31 - 1}", json={"token": "t"})).json() == {"row": 2**31 - 1}


async def test_a_value_the_database_cannot_store_is_a_422_not_a_500(client):
    response = await client.get("/store")
    assert (response.status_code, response.json()) == (422, {"detail": UNSTORABLE})


def test_every_operation_documents_its_refusals_with_the_one_error_schema():
    document = service().openapi()
    reply = {"$ref": "#/components/schemas/ErrorReply"}
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if path != "/metrics":
                assert operation["responses"]["4XX"]["content"]["application/json"]["schema"] == reply
    assert (
        document["paths"]["/login/{row_id}"]["post"]["responses"]["422"]["content"]["application/json"][
            "schema"
        ]
        == reply
    )
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_metrics_are_documented_as_prometheus_text_not_json():
    answer = service().openapi()["paths"]["/metrics"]["get"]["responses"]["200"]
    assert list(answer["content"]) == ["text/plain"]
