"""Jembatan contracts: the envelope, the topics and every message model. The only thing services share."""

from .envelope import Envelope, stable_id, utc_now
from .registry import SCHEMAS, model_for, parse_payload, schema_of

__all__ = ["SCHEMAS", "Envelope", "model_for", "parse_payload", "schema_of", "stable_id", "utc_now"]
