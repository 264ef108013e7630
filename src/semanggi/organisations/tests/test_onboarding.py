"""Organisations registered by their own people: a newcomer registers her organisation; it
stays out of public view and out of partnerships, and she has no rights as its member,
until a coordinator of its region or an administrator (never herself) verifies it. The
coordinators are told, the newcomer is told of the decision, in the application and by
e-mail in both languages."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.test import Client

from semanggi.access.models import OrganisationMembership
from semanggi.access.selectors import principal_for
from semanggi.core.access import may_see_organisation_proposal
from semanggi.needs.selectors import need_publisher_choices, offer_organisation_choices
from semanggi.notifications.models import Notification
from semanggi.organisations.forms import OrganisationProposalForm
from semanggi.organisations.models import Organisation, OrganisationKind, Verification
from semanggi.organisations.selectors import (
    organisation_list,
    organisation_may_verify,
    organisation_proposal_facts,
    organisation_verifiable_q,
    organisation_visible_q,
)
from semanggi.organisations.services import (
    ALREADY_DECIDED,
    NOT_YOURS_TO_VERIFY,
    REASON_NEEDED,
    TOO_MANY_PENDING,
    OnboardingRefused,
    organisation_propose,
    organisation_refuse,
    organisation_verify,
)
from semanggi.partnerships.models import Party
from semanggi.poac.forms import PartyForm
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

FIELDS = {
    "name": "PT Sinar Mojosongo",
    "acronym": "SM",
    "kind": OrganisationKind.COMPANY,
    "region": "33.72.03.1002",
    "sectors": ["12220", "122"],
    "description": "Produsen alat kesehatan.",
    "contact_name": "Nadia Putri",
    "contact_email": "nadia@sinar.example",
    "contact_phone": "0271 123456",
    "iati_identifier": "",
    "proposer_position": "Manajer CSR",
}


@pytest.fixture
def nadia(world: World) -> AbstractUser:
    """A newcomer: an account, nothing else."""
    return get_user_model().objects.create_user("nadia", "nadia@example.org", "nadia-pass")


def propose(actor: Any, **changes: Any) -> Organisation:
    form = OrganisationProposalForm({**FIELDS, **changes})
    assert form.is_valid(), form.errors
    return organisation_propose(form=form, actor=actor)


def fresh(user: Any) -> Any:
    # A new user object: the Principal is built once per object.
    return type(user).objects.get(pk=user.pk)


def test_a_registration_waits_unseen_and_grants_nothing_until_verified(
    world: World, nadia: AbstractUser, client: Client
) -> None:
    sinar = propose(nadia)
    assert sinar.verification == Verification.PENDING
    assert (sinar.proposed_by, sinar.region_id) == (nadia, "33.72.03.1002")
    assert sinar.sectors == ["12220", "122"]
    # Not public: neither the list, nor its page, nor the API, nor the home page's count.
    assert sinar not in organisation_list()
    assert client.get(f"/organisations/{sinar.slug}/").status_code == 404
    assert "PT Sinar" not in client.get("/organisations/?q=Sinar").content.decode()
    assert client.get(f"/api/organisations/{sinar.slug}").status_code == 404
    # The newcomer is no member: no rights, no offers, no needs in its name.
    assert not OrganisationMembership.objects.filter(user=nadia).exists()
    principal = principal_for(fresh(nadia))
    assert principal.organisation_ids == frozenset()
    assert not offer_organisation_choices(principal).exists()
    client.force_login(nadia)
    assert client.get("/offers/new/").status_code == 403
    # Not even an administrator can choose it for a need, an offer or a party.
    admin = principal_for(world.alice)
    assert sinar not in need_publisher_choices(admin)
    assert sinar not in offer_organisation_choices(admin)
    party = PartyForm(
        {"organisation": sinar.pk, "roles": ["1"], "standing": "partner"},
        partnership=world.semanggi,
    )
    assert not party.is_valid() and "organisation" in party.errors
    client.force_login(world.kurnia)
    through_api = client.post(
        "/api/partnerships/semanggi/records/party",
        {"organisation_id": sinar.pk, "roles": ["funding"]},
        content_type="application/json",
    )
    # Hidden until verified: naming it in the API is naming nothing (404), as its page is.
    assert through_api.status_code == 404 and "organisation" in through_api.json()["detail"]
    client.force_login(nadia)
    unsaved = Party(partnership=world.semanggi, organisation=sinar)
    with pytest.raises(ValidationError) as invalid:
        unsaved.full_clean()
    assert "organisation" in invalid.value.message_dict

    # Kurnia, the coordinator of Kota Surakarta, verifies: the newcomer becomes its member.
    organisation_verify(organisation=sinar, actor=world.kurnia)
    sinar.refresh_from_db()
    assert (sinar.verification, sinar.decided_by) == (Verification.VERIFIED, world.kurnia)
    membership = OrganisationMembership.objects.get(user=nadia)
    assert (membership.organisation, membership.position) == (sinar, "Manajer CSR")
    assert principal_for(fresh(nadia)).organisation_ids == frozenset({sinar.pk})
    assert sinar in organisation_list()
    assert client.get(f"/api/organisations/{sinar.slug}").status_code == 200
    assert client.get("/offers/new/").status_code == 200
    assert sinar.version == 2  # the verification moved the version on


@pytest.mark.parametrize(
    ("who", "verifies", "sees"),
    [
        ("alice", True, True),
        ("kurnia", True, True),
        ("nadia", False, True),  # her own registration: she sees it, never verifies it
        ("bima", False, False),
        ("eva", False, False),
        ("charlie", False, False),
        ("anonymous", False, False),
    ],
)
def test_who_verifies_a_registration_and_who_sees_it(
    world: World, nadia: AbstractUser, who: str, verifies: bool, sees: bool
) -> None:
    sinar = propose(nadia)
    elsewhere = propose(nadia, name="Koperasi Cipedak", region="31.71.01.1001")
    user = nadia if who == "nadia" else world.user(who)
    principal = principal_for(user)
    # The rule of the core and the filter of the lists agree, for both registrations.
    for organisation in (sinar, elsewhere):
        decided = organisation_may_verify(principal, organisation)
        listed = Organisation.objects.filter(
            organisation_verifiable_q(principal), pk=organisation.pk
        ).exists()
        assert decided is listed
        seen = may_see_organisation_proposal(principal, organisation_proposal_facts(organisation))
        assert (
            seen
            is Organisation.objects.filter(
                organisation_visible_q(principal), pk=organisation.pk
            ).exists()
        )
    assert organisation_may_verify(principal, sinar) is verifies
    visible = Organisation.objects.filter(organisation_visible_q(principal), pk=sinar.pk)
    assert visible.exists() is sees
    # Outside Kota Surakarta kurnia neither sees nor verifies.
    if who == "kurnia":
        assert not organisation_may_verify(principal, elsewhere)
    client = Client()
    if who != "anonymous":
        client.force_login(user)
    page = client.get(f"/organisations/{sinar.slug}/")
    assert page.status_code == (200 if sees else 404)
    if sees:
        text = page.content.decode()
        assert "Menunggu verifikasi" in text and "nadia@sinar.example" in text
        assert ('name="decision" value="verify"' in text) is verifies
    answer = client.post(f"/organisations/{sinar.slug}/verification/", {"decision": "verify"})
    sinar.refresh_from_db()
    assert (sinar.verification == Verification.VERIFIED) is verifies
    if who == "anonymous":
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    elif not sees:
        assert answer.status_code == 404


def test_nobody_verifies_her_own_registration_not_even_an_administrator(
    world: World, nadia: AbstractUser
) -> None:
    by_alice = propose(world.alice, name="Yayasan Alice")
    with pytest.raises(OnboardingRefused) as refused:
        organisation_verify(organisation=by_alice, actor=world.alice)
    assert refused.value.message == NOT_YOURS_TO_VERIFY
    # A coordinator's registration in her own region goes to another coordinator or an
    # administrator.
    by_kurnia = propose(world.kurnia, name="Forum CSR Surakarta")
    with pytest.raises(OnboardingRefused):
        organisation_verify(organisation=by_kurnia, actor=world.kurnia)
    organisation_verify(organisation=by_alice, actor=world.kurnia)
    organisation_verify(organisation=by_kurnia, actor=world.alice)
    assert set(
        Organisation.objects.filter(verification=Verification.VERIFIED).values_list(
            "name", flat=True
        )
    ) >= {"Yayasan Alice", "Forum CSR Surakarta"}


def test_a_refusal_keeps_its_reason_in_the_history_and_tells_the_newcomer(
    world: World,
    nadia: AbstractUser,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    sinar = propose(nadia)
    with pytest.raises(OnboardingRefused) as refused:
        organisation_refuse(organisation=sinar, actor=world.kurnia, reason="  ")
    assert refused.value.message == REASON_NEEDED
    with django_capture_on_commit_callbacks(execute=True):
        organisation_refuse(
            organisation=sinar, actor=world.kurnia, reason="Akta pendirian tidak dilampirkan."
        )
    sinar.refresh_from_db()
    assert sinar.verification == Verification.REFUSED
    assert sinar.decision_note == "Akta pendirian tidak dilampirkan."
    last = sinar.history.order_by("-history_id").first()
    assert last is not None and last.history_user == world.kurnia
    assert last.verification == "refused" and last.decision_note.startswith("Akta")
    # Decided once: no later verification.
    with pytest.raises(OnboardingRefused) as again:
        organisation_verify(organisation=sinar, actor=world.alice)
    assert again.value.message == ALREADY_DECIDED
    assert not OrganisationMembership.objects.filter(user=nadia).exists()
    told = Notification.objects.get(recipient=nadia)
    assert told.kind == "organisation_refused" and "ditolak" in told.text_id
    assert told.detail == "Akta pendirian tidak dilampirkan."
    (mail,) = [m for m in mailoutbox if m.to == ["nadia@example.org"]]
    assert "Organisasi ditolak / Organisation refused" in mail.subject
    assert "ditolak oleh" in mail.body and "was refused by" in mail.body
    assert "Akta pendirian tidak dilampirkan." in mail.body
    # Refused, the name is free again: she registers anew, with what was missing.
    again_sinar = propose(nadia, description="Dengan akta pendirian.")
    assert again_sinar.slug != sinar.slug and again_sinar.verification == Verification.PENDING


def test_the_coordinators_of_the_region_are_told_of_a_registration(
    world: World,
    nadia: AbstractUser,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sinar = propose(nadia)
    (told,) = Notification.objects.filter(kind="organisation_proposed")
    assert told.recipient == world.kurnia and told.link == f"/organisations/{sinar.slug}/"
    (mail,) = mailoutbox
    assert mail.to == ["kurnia@example.org"]
    assert "Organisasi menunggu verifikasi / Organisation awaiting verification" in mail.subject
    assert "menunggu verifikasi Anda" in mail.body and "waits for your verification" in mail.body
    assert f"/organisations/{sinar.slug}/" in mail.body
    # Where nobody coordinates the region, the administrators are told.
    with django_capture_on_commit_callbacks(execute=True):
        propose(nadia, name="Koperasi Cipedak", region="31.71.01.1001")
    assert mailoutbox[-1].to == ["alice@example.org"]


def test_a_person_has_at_most_three_registrations_waiting(
    world: World, nadia: AbstractUser
) -> None:
    for n in range(3):
        propose(nadia, name=f"PT Uji {n}")
    with pytest.raises(OnboardingRefused) as refused:
        propose(nadia, name="PT Uji 3")
    assert refused.value.message == TOO_MANY_PENDING
    assert Organisation.objects.filter(proposed_by=nadia).count() == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": 'Bank "X" Cabang "Y"'}, "name"),  # registered already
        ({"region": "Atlantis"}, "region"),
        ({"region": "99.99"}, "region"),
        ({"region": ""}, "region"),
        ({"kind": "guild"}, "kind"),
        ({"sectors": ["99999"]}, "sectors"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"iati_identifier": "no spaces allowed"}, "iati_identifier"),
        ({"name": "x" * 201}, "name"),
    ],
)
def test_bad_registrations_are_refused_field_by_field(
    world: World, nadia: AbstractUser, client: Client, changes: dict[str, Any], field: str
) -> None:
    client.force_login(nadia)
    response = client.post("/me/organisation/new/", {**FIELDS, **changes})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "Formulir belum disimpan" in response.content.decode()
    assert not Organisation.objects.filter(proposed_by=nadia).exists()


def test_the_registration_page_in_both_languages(
    world: World, nadia: AbstractUser, client: Client
) -> None:
    assert client.get("/me/organisation/new/").status_code == 302  # log in first
    client.force_login(nadia)
    page = client.get("/me/organisation/new/")
    assert page.status_code == 200
    assert "Daftarkan organisasi Anda" in page.content.decode()
    # A name picks the region, as everywhere.
    response = client.post("/me/organisation/new/", {**FIELDS, "region": "Semanggi"})
    assert response.status_code == 302
    sinar = Organisation.objects.get(proposed_by=nadia)
    assert response["Location"] == f"/organisations/{sinar.slug}/"
    assert sinar.region_id == "33.72.03.1002"
    followed = client.get(response["Location"]).content.decode()
    assert "menunggu verifikasi" in followed  # the confirmation, on the page returned to
    client.cookies["django_language"] = "en"
    english = client.get("/me/organisation/new/").content.decode()
    assert "Register your organisation" in english
    assert "1 registration waiting for verification" in english


def test_the_coordinators_queue_on_the_home_page_verifies_and_refuses(
    world: World, nadia: AbstractUser, client: Client
) -> None:
    sinar = propose(nadia)
    koperasi = propose(nadia, name="Koperasi Semanggi", kind=OrganisationKind.COOPERATIVE)
    client.force_login(world.kurnia)
    home = client.get("/me/").content.decode()
    assert 'id="h-awaiting"' in home and "Organisasi menunggu verifikasi" in home
    assert "PT Sinar Mojosongo" in home and "Koperasi Semanggi" in home
    response = client.post(
        f"/organisations/{sinar.slug}/verification/",
        {"decision": "verify", "next": "/me/#verifications"},
    )
    assert response.status_code == 302 and response["Location"] == "/me/#verifications"
    response = client.post(
        f"/organisations/{koperasi.slug}/verification/",
        {"decision": "refuse", "reason": "Bukan koperasi terdaftar.", "next": "/me/"},
    )
    home = client.get("/me/").content.decode()
    assert 'id="h-awaiting"' not in home  # the queue is empty
    assert "PT Sinar Mojosongo sudah diverifikasi" in home  # the confirmation
    koperasi.refresh_from_db()
    assert koperasi.verification == Verification.REFUSED
    # A refusal without a reason is refused, with the reason why; nothing changes.
    third = propose(nadia, name="CV Tiga")
    client.post(f"/organisations/{third.slug}/verification/", {"decision": "refuse"})
    third.refresh_from_db()
    assert third.verification == Verification.PENDING
    # Bad input is a message, never a 500.
    bad = client.post(f"/organisations/{third.slug}/verification/", {"decision": "maybe"})
    assert bad.status_code == 302
    assert client.get("/organisations/no-such/verification/").status_code == 405
    assert client.post("/organisations/no-such/verification/", {}).status_code == 404
    # The newcomer's home page shows each decision.
    client.force_login(nadia)
    home = client.get("/me/").content.decode()
    assert "PT Sinar Mojosongo" in home and "Bukan koperasi terdaftar." in home
    assert 'id="h-awaiting"' not in home  # no queue for her


def test_the_home_page_keeps_its_query_count_as_registrations_grow(
    world: World, nadia: AbstractUser, client: Client
) -> None:
    names = iter(range(100))

    def grow() -> None:
        for _ in range(2):
            n = next(names)
            organisation = Organisation.objects.create(
                name=f"PT Tumbuh {n}",
                slug=f"tumbuh-{n}",
                kind=OrganisationKind.COMPANY,
                region=world.regions["33.72.03.1001"],
                verification=Verification.PENDING,
                proposed_by=nadia,
            )
            if n % 2:
                organisation_verify(organisation=organisation, actor=world.alice)

    grow()
    client.force_login(world.kurnia)
    assert_constant_queries(lambda: client.get("/me/"), grow)
    client.force_login(nadia)
    assert_constant_queries(lambda: client.get("/me/"), grow)
    assert_constant_queries(lambda: client.get("/me/notifications/"), grow)


# --- API --------------------------------------------------------------------------------------


def test_the_api_registers_lists_verifies_and_refuses(
    world: World, nadia: AbstractUser, client: Client
) -> None:
    body = {**FIELDS, "region": "Semanggi"}
    assert (
        client.post("/api/organisations", body, content_type="application/json").status_code == 401
    )
    client.force_login(nadia)
    created = client.post("/api/organisations", body, content_type="application/json")
    assert created.status_code == 201, created.content
    out = created.json()
    assert (out["verification"], out["region_code"], out["can_decide"]) == (
        "pending",
        "33.72.03.1002",
        False,
    )
    slug = out["slug"]
    invalid = client.post(
        "/api/organisations",
        {**FIELDS, "name": "Lain", "region": "Atlantis", "kind": "guild"},
        content_type="application/json",
    )
    assert invalid.status_code == 422 and {"region", "kind"} <= set(invalid.json()["errors"])
    mine = client.get("/api/organisations/registrations").json()["items"]
    assert [row["slug"] for row in mine] == [slug]
    # She cannot verify her own.
    assert client.post(f"/api/organisations/registrations/{slug}/verify").status_code == 403
    # Others do not see it.
    client.force_login(world.charlie)
    assert client.get("/api/organisations/registrations").json()["items"] == []
    assert client.post(f"/api/organisations/registrations/{slug}/verify").status_code == 404
    # The coordinator sees it waiting, and verifies it once.
    client.force_login(world.kurnia)
    waiting = client.get("/api/organisations/registrations?pending=true").json()["items"]
    assert [(row["slug"], row["can_decide"]) for row in waiting] == [(slug, True)]
    verified = client.post(f"/api/organisations/registrations/{slug}/verify")
    assert verified.status_code == 200 and verified.json()["verification"] == "verified"
    assert client.post(f"/api/organisations/registrations/{slug}/verify").status_code == 409
    # A refusal names its reason.
    client.force_login(nadia)
    other = client.post(
        "/api/organisations", {**body, "name": "CV Dua"}, content_type="application/json"
    ).json()["slug"]
    client.force_login(world.alice)
    refuse = f"/api/organisations/registrations/{other}/refuse"
    assert client.post(refuse, {"reason": ""}, content_type="application/json").status_code == 422
    refused = client.post(refuse, {"reason": "Ganda."}, content_type="application/json")
    assert refused.status_code == 200
    assert (refused.json()["verification"], refused.json()["decision_note"]) == (
        "refused",
        "Ganda.",
    )
