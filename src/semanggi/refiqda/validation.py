"""Checks of exchange XML against the official REFI-QDA schemas."""

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from semanggi.iati.codelists import safe_parser

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
PROJECT_XSD = SCHEMA_DIR / "Project.xsd"
CODEBOOK_XSD = SCHEMA_DIR / "Codebook.xsd"


@cache
def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path), safe_parser()))


def _validate(data: bytes | etree._Element, schema_path: Path) -> list[str]:
    if isinstance(data, bytes):
        try:
            document = etree.fromstring(data, safe_parser())
        except etree.XMLSyntaxError as error:
            return [f"not well-formed XML: {error}"]
    else:
        document = data  # already parsed: no second copy of a large document
    schema = _schema(schema_path.resolve())
    if schema.validate(document):
        return []
    log: Any = schema.error_log  # lxml-stubs does not know the log is iterable
    return [f"line {e.line}: {e.message}" for e in log]


def validate_project_xml(
    data: bytes | etree._Element, schema_path: Path = PROJECT_XSD
) -> list[str]:
    """The schema errors of a ``project.qde`` document; an empty list when it is valid."""
    return _validate(data, schema_path)


def validate_codebook_xml(
    data: bytes | etree._Element, schema_path: Path = CODEBOOK_XSD
) -> list[str]:
    """The schema errors of a ``.qdc`` codebook; an empty list when it is valid."""
    return _validate(data, schema_path)
