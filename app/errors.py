"""Errors a user can act on. Their message is shown as-is (Chinese) in the UI and the CLI."""

from __future__ import annotations


class UserError(Exception):
    """Bad input, a forbidden action or an impossible state: nothing was changed."""


class ProfileLockedError(UserError):
    """Another running instance holds the profile."""


class PermissionDeniedError(UserError):
    """The acting person lacks the permission the action needs."""
