"""A control character someone typed (a form only refuses NUL) never breaks an XML file:
it once made the IATI files and the DOCX reports answer 500 for everyone."""

from semanggi.core.text import xml_safe
from semanggi.iati.tests.samples import T, activity
from semanggi.iati.validate import parse
from semanggi.iati.writer import activities_xml


def test_xml_safe_replaces_what_xml_cannot_hold_and_keeps_the_rest() -> None:
    assert xml_safe("a\x1cb\x14c\x00\ufffe") == "a\ufffdb\ufffdc\ufffd\ufffd"
    assert xml_safe("tab\tline\nreturn\r émoji 😀") == "tab\tline\nreturn\r émoji 😀"


def test_an_activity_with_control_characters_is_written_as_valid_xml() -> None:
    data = activities_xml([activity(title=T("Puskesmas\x1c baru", "New\x14 centre"))])
    narratives = [n.text for n in parse(data).iter("narrative")]
    assert "Puskesmas\ufffd baru" in narratives and "New\ufffd centre" in narratives
