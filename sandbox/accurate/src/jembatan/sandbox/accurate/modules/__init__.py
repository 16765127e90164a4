"""Accurate modules (item, customer, sales-invoice, …): validation, numbering and posting rules."""
