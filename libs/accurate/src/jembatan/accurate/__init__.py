"""Async client for Accurate Online: auth, host discovery, budget, retries, typed documents.

See ``docs/accurate-client.md``.
"""

from jembatan.accurate.api_token import ApiTokenAuth, sign
from jembatan.accurate.auth import Auth
from jembatan.accurate.budget import RequestBudget, forget_budgets, shared_budget
from jembatan.accurate.client import AccurateClient
from jembatan.accurate.dates import (
    accurate_date,
    accurate_timestamp,
    parse_accurate_date,
    parse_accurate_timestamp,
)
from jembatan.accurate.errors import AccurateError, FailureKind
from jembatan.accurate.oauth import OAuthAuth
from jembatan.accurate.paging import Page
from jembatan.accurate.results import RecordResult, SaveResult
from jembatan.accurate.retry import RetryPolicy

__all__ = [
    "AccurateClient",
    "AccurateError",
    "ApiTokenAuth",
    "Auth",
    "FailureKind",
    "OAuthAuth",
    "Page",
    "RecordResult",
    "RequestBudget",
    "RetryPolicy",
    "SaveResult",
    "accurate_date",
    "accurate_timestamp",
    "forget_budgets",
    "parse_accurate_date",
    "parse_accurate_timestamp",
    "shared_budget",
    "sign",
]
