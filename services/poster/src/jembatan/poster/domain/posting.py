"""The posting state machine (DESIGN.md §3.3) — pure.

planned → sending → posted | failed | unknown
unknown → (look the number up) → posted | planned
failed → (operator retries after a fix) → planned
"""

from __future__ import annotations

from enum import StrEnum

from jembatan.accurate import FailureKind


class State(StrEnum):
    PLANNED = "planned"
    SENDING = "sending"
    POSTED = "posted"
    FAILED = "failed"
    UNKNOWN = "unknown"


ALLOWED = {
    State.PLANNED: {State.SENDING},
    State.SENDING: {State.POSTED, State.FAILED, State.UNKNOWN, State.PLANNED},
    State.UNKNOWN: {State.POSTED, State.PLANNED},
    State.FAILED: {State.PLANNED},
    State.POSTED: set(),
}


class IllegalTransition(RuntimeError):
    pass


def transition(current: State, target: State) -> State:
    if target not in ALLOWED[current]:
        raise IllegalTransition(f"{current} → {target}")
    return target


LOST = "not found in Accurate on re-sync; sent again"  # the ledger's message while it waits to go again
POSTED_AGAIN = "posted again: it was not found in Accurate on re-sync"  # and once it is back


def resend_lost(current: State) -> State:
    """A posted document that Accurate no longer holds (deleted there) is planned again — the one
    way back from `posted`, taken only by a re-sync that looked the number up and found nothing."""
    if current != State.POSTED:
        raise IllegalTransition(f"{current} → {State.PLANNED} (only a posted document is sent again)")
    return State.PLANNED


def after_failure(kind: FailureKind) -> State:
    """Where a failed call leaves a document."""
    if kind in (FailureKind.UNKNOWN_OUTCOME, FailureKind.DUPLICATE_NUMBER):
        return State.UNKNOWN  # look the number up before anything else
    if kind in (FailureKind.RATE, FailureKind.SERVER, FailureKind.NETWORK):
        return State.PLANNED  # rejected before processing: safe to send again later
    return State.FAILED  # validation, not found, auth, scope: needs a person; Accurate's message is kept
