"""Business errors, answered by Accurate as HTTP 200 with ``{"s": false, "d": [messages]}``."""

from __future__ import annotations


class AccurateError(Exception):
    """A validation or business-rule failure; ``messages`` go into the envelope's ``d``."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def invalid_field(field: str) -> AccurateError:
    """Accurate's wording for a value of the wrong type or format (e.g. an ISO date)."""
    return AccurateError(f'Invalid field value for field "{field}".')


def required(field: str) -> AccurateError:
    return AccurateError(f"{field} harus diisi")


def not_found_reference(entity: str, key: str) -> AccurateError:
    return AccurateError(f'{entity} "{key}" tidak ditemukan atau sudah dihapus')


def not_found(entity: str) -> AccurateError:
    """Unknown record on detail/delete, or unknown name in a transaction (e.g. ``Gudang tidak tepat``)."""
    return AccurateError(f"{entity} tidak tepat")


def duplicate(label: str, key: str) -> AccurateError:
    return AccurateError(f'Sudah ada data lain dengan {label} "{key}"')
