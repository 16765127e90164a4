"""Pure accounting domain: money, dates, ledger, inventory and receivables. No I/O."""
