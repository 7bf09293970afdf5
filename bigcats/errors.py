"""The store's errors, apart so that every module below the store (its schema, the lake) can raise
them without importing the store."""


class StoreError(RuntimeError):
    """The store cannot be opened or written as asked."""


class QueryError(StoreError):
    """A named query is unknown or was called with missing or unknown parameters."""
