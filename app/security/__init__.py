"""Credentials, signatures and classification rules."""
