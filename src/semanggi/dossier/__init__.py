"""The partnership dossier: one JSON or YAML file for a whole case (docs/dossier.md).

``format`` is pure (dataclasses, reading, writing, checking); ``importer`` and ``exporter``
work with the database. The ``semanggi dossier`` command lives in the assessment app.
"""
