from semanggi.assessment.tests.conftest import founding  # noqa
from semanggi.dossier.exporter import dossier_export
from semanggi.dossier import format as fmt

def test_x(founding):
    d = dossier_export("bina-kesehatan-semanggi")
    text = fmt.write(d)
    again = fmt.read(text, name="x.json")
    assert again == d
    y = fmt.write(d, form="yaml")
    assert fmt.read(y, name="x.yaml") == d
    print(y[:3000])
