"""Connectors: one sub-package per platform, an explicit registry, and the accounts they use."""
