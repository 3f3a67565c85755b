"""Use-cases: keyword-only functions ``(session, *, ...)`` that run in ONE transaction and return
plain data (never ORM objects) so results can cross from the database thread to the GUI thread."""
