"""Wages and outlook: BLS OEWS figures for MAs and the roles they move into (:mod:`.query`, :mod:`.chart`)."""

from .query import WageReport, citations, metros, occupations, query, resolve_metro, resolve_occupation, table

__all__ = ["WageReport", "citations", "metros", "occupations", "query", "resolve_metro", "resolve_occupation", "table"]
