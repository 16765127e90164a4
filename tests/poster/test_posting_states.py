"""The posting state machine: what each failure leaves behind, and what may never happen."""

import pytest
from jembatan.accurate import FailureKind
from jembatan.poster.domain.posting import IllegalTransition, State, after_failure, transition


@pytest.mark.parametrize(
    ("kind", "state"),
    [
        (FailureKind.UNKNOWN_OUTCOME, State.UNKNOWN),
        (FailureKind.DUPLICATE_NUMBER, State.UNKNOWN),
        (FailureKind.RATE, State.PLANNED),
        (FailureKind.SERVER, State.PLANNED),
        (FailureKind.NETWORK, State.PLANNED),
        (FailureKind.VALIDATION, State.FAILED),
        (FailureKind.AUTH, State.FAILED),
        (FailureKind.SCOPE, State.FAILED),
    ],
)
def test_where_a_failure_leaves_the_document(kind, state):
    assert after_failure(kind) == state


def test_a_posted_document_never_changes_again():
    for target in State:
        with pytest.raises(IllegalTransition):
            transition(State.POSTED, target)


def test_an_unknown_outcome_is_never_sent_directly():
    with pytest.raises(IllegalTransition):
        transition(State.UNKNOWN, State.SENDING)
