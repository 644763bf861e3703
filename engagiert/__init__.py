"""Site generator for the Kommunen-Netzwerk: engagiert in NRW.

Plain Python modules (loading, validation, cross-linking, feeds) that the thin
MkDocs hooks in ``hooks/`` call. Nothing here imports MkDocs except ``pages``.
"""
