import pytest
from semanggi.evidence.exchange import study_qdpx, study_import_qdpx, study_project
from semanggi.evidence.tests.factories import filled_study
from semanggi.refiqda import validate_project_xml
from semanggi.refiqda.export import project_xml
from semanggi.evidence.selectors import finding_rows
from semanggi.evidence import displays

pytestmark = pytest.mark.django_db

def test_scratch(world):
    data = filled_study(world.study, world.eva)
    project = study_project(study=world.study)
    xml = project_xml(project)
    print(validate_project_xml(xml))
    first = study_qdpx(study=world.study)
    out = study_import_qdpx(lead=world.eva, data=first, title=world.study.title, partnerships=list(world.study.partnerships.all()))
    print(out.report.lines())
    second = study_qdpx(study=out.study)
    print(len(first), len(second), first == second)
    if first != second:
        import zipfile, io, difflib
        a = zipfile.ZipFile(io.BytesIO(first)).read("project.qde").decode()
        b = zipfile.ZipFile(io.BytesIO(second)).read("project.qde").decode()
        print("\n".join(list(difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm=""))[:80]))
    for row in finding_rows(study=world.study):
        print(row.result.status, [str(r) for r in row.result.reasons])
    for name, fn in displays.MATRICES.items():
        m = fn(study=world.study)
        print(name, m.total, [c.label for c in m.columns])
    print(displays.cooccurrence(study=world.study))
