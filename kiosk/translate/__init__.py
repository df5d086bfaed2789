"""Content texts to PO files and back, for translators (`kiosk content export|import`).

No Qt here. texts.py finds every visible text of a content file and names it by a JSON
path that survives reordering; export.py writes the POT and PO files; apply.py writes
the translations back into the content file, or refuses and writes nothing.
"""
