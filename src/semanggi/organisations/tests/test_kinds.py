"""Organisation kinds publish as IATI organisation types that exist."""

from semanggi.iati.codelists import codelist
from semanggi.organisations.models import IATI_TYPE, OrganisationKind


def test_every_kind_maps_to_an_iati_organisation_type_of_the_codelist() -> None:
    types = codelist("OrganisationType")
    assert set(IATI_TYPE) == set(OrganisationKind)
    for kind, code in IATI_TYPE.items():
        assert code in types, kind


def test_the_kinds_of_local_partners_are_there() -> None:
    for kind in ("school", "health_centre", "university", "soe", "regional_soe",
                 "cooperative", "small_business", "community"):  # fmt: skip
        assert kind in OrganisationKind.values
    assert IATI_TYPE[OrganisationKind.HEALTH_CENTRE] == "15"  # Other Public Sector
    assert IATI_TYPE[OrganisationKind.SMALL_BUSINESS] == "70"  # Private Sector
