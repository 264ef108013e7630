"""REFI-QDA 1.5 exchange: Semanggi's evidence with NVivo, ATLAS.ti, MAXQDA, QualCoder, Taguette.

Plain Python and lxml, no Django: views and commands open the files, these functions read and
write them. ``model`` holds what is exchanged, ``export`` writes ``.qdpx`` and ``.qdc`` files
that validate against the official schemas (shipped in ``schemas/``), ``import_`` reads what
real tools write and reports what it had to leave out.
"""

from semanggi.refiqda.errors import ExportError, RefiImportError
from semanggi.refiqda.export import export_qdc, export_qdpx
from semanggi.refiqda.import_ import ImportLimits, ImportResult, import_qdc, import_qdpx
from semanggi.refiqda.validation import validate_codebook_xml, validate_project_xml

__all__ = [
    "ExportError",
    "ImportLimits",
    "ImportResult",
    "RefiImportError",
    "export_qdc",
    "export_qdpx",
    "import_qdc",
    "import_qdpx",
    "validate_codebook_xml",
    "validate_project_xml",
]
