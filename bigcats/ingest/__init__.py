"""Ingest: everything that enters the store is validated here and written in one transaction."""
