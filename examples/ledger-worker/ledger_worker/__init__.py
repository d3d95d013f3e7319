"""Nightly reconciliation of accepted payments into the ledger."""
