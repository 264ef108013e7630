import pytest
from semanggi.evidence.tests.factories import filled_study

pytestmark = pytest.mark.django_db

def test_scratch(client, world):
    d = filled_study(world.study, world.eva)
    client.force_login(world.eva)
    s = world.study.pk
    urls = ["/studies/", "/studies/new/", "/studies/import/", f"/studies/{s}/", f"/studies/{s}/edit/",
      f"/studies/{s}/informants/", f"/studies/{s}/informants/new/", f"/studies/{s}/informants/{d['budi'].pk}/",
      f"/studies/{s}/informants/{d['budi'].pk}/edit/", f"/studies/{s}/referrals.svg", f"/studies/{s}/sources/",
      f"/studies/{s}/sources/new/", f"/studies/{s}/sources/{d['interview'].pk}/", f"/studies/{s}/sources/{d['interview'].pk}/?fragment=coding",
      f"/studies/{s}/sources/{d['interview'].pk}/edit/", f"/studies/{s}/timeline.svg", f"/studies/{s}/search/?q=bank",
      f"/studies/{s}/segments/?code={d['planning'].pk}", f"/studies/{s}/segments/{d['plan'].pk}/", f"/studies/{s}/codes/",
      f"/studies/{s}/codes/new/", f"/studies/{s}/codes/{d['planning'].pk}/", f"/studies/{s}/codebook.qdc", f"/studies/{s}/export.qdpx",
      f"/studies/{s}/displays/", f"/studies/{s}/displays/cooccurrence/", f"/studies/{s}/displays/code-kind.csv", f"/studies/{s}/displays/party-function.xlsx",
      f"/studies/{s}/findings/", f"/studies/{s}/findings/table.csv", f"/studies/{s}/findings/new/", f"/studies/{s}/findings/{d['finding'].pk}/",
      f"/studies/{s}/findings/{d['finding'].pk}/?code={d['planning'].pk}", f"/studies/{s}/findings/{d['finding'].pk}/edit/",
      f"/api/studies", f"/api/studies/{s}", f"/api/studies/{s}/informants", f"/api/studies/{s}/codes", f"/api/studies/{s}/sources",
      f"/api/studies/{s}/sources/{d['interview'].pk}", f"/api/studies/{s}/sources/{d['interview'].pk}/segments", f"/api/studies/{s}/findings",
      f"/api/studies/{s}/displays/code-informant"]
    for url in urls:
        r = client.get(url)
        print(r.status_code, url)
        assert r.status_code == 200, (url, r.content[:3000])
