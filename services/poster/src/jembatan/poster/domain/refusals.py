"""Why a fact cannot become a document as mapped — said in the merchant's words."""


class RecipeRefused(ValueError):
    """A fact cannot become a document as mapped (fix the mapping or the data, then retry)."""


class UnmappedAccount(RecipeRefused):
    """A rupiah amount has nowhere to go: the outlet's mapping lacks the account."""


def require_account(account: str | None, what: str, outlet_code: str) -> str:
    """The mapped account, or a refusal naming what needs it."""
    if not account:
        raise UnmappedAccount(f"{what} has no account in outlet {outlet_code}'s mapping")
    return account
