"""Interests in published needs: a member of a verified organisation expresses interest;
the need's publisher (its organisation's members, the coordinators of its regions) is told
in the application and by e-mail, sees the interests on the need's page, and answers: a
partnership started from the interest, or declined. One interest per organisation and need,
decided by the database."""

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import Client

from semanggi.access.models import OrganisationMembership
from semanggi.needs.interests import (
    ALREADY_ANSWERED,
    NEED_NOT_OPEN,
    NOT_YOUR_ORGANISATION,
    NOT_YOURS_TO_ANSWER,
    REASON_NEEDED,
    InterestRefused,
    interest_decline,
    interest_express,
    interest_take_up,
    need_publisher_people,
)
from semanggi.needs.models import Interest, InterestStatus, NeedStatus
from semanggi.needs.tests.factories import Catalogue, NeedFactory, catalogue_create
from semanggi.notifications.models import Notification
from semanggi.organisations.models import Organisation, OrganisationKind, Verification
from semanggi.partnerships.models import PartyRoleKind
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(world: World) -> Catalogue:
    return catalogue_create(world)


@pytest.fixture
def nadia(world: World) -> AbstractUser:
    """A newcomer whose organisation still waits for verification."""
    user = get_user_model().objects.create_user("nadia", "nadia@example.org", "nadia-pass")
    Organisation.objects.create(
        name="PT Sinar",
        slug="sinar",
        kind=OrganisationKind.COMPANY,
        region=world.regions["33.72"],
        verification=Verification.PENDING,
        proposed_by=user,
    )
    return user


def express(world: World, catalogue: Catalogue, **changes: Any) -> tuple[Interest, bool]:
    arguments: dict[str, Any] = {
        "need": catalogue.semanggi,
        "organisation": world.bank_x,
        "offer": catalogue.offer_x,
        "message": "Kami dapat mendanai alat kesehatan tahun ini.",
        "actor": world.bima,
    }
    arguments.update(changes)
    return interest_express(**arguments)


def test_the_publisher_and_the_coordinator_are_told_in_the_app_and_by_mail(
    world: World,
    catalogue: Catalogue,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        interest, created = express(world, catalogue)
    assert created and interest.status == InterestStatus.OPEN
    assert (interest.organisation, interest.offer, interest.created_by) == (
        world.bank_x,
        catalogue.offer_x,
        world.bima,
    )
    # Dian acts for Dinkes, the publisher; kurnia coordinates Kota Surakarta. Not bima.
    told = Notification.objects.filter(kind="interest_expressed")
    assert {row.recipient.username for row in told} == {"dian", "kurnia"}
    row = told.first()
    assert row is not None and row.link == f"/needs/{catalogue.semanggi.pk}/#interests"
    assert 'Bank "X" Cabang "Y" menyatakan minat' in row.text_id
    assert "expressed interest in the need “Medical equipment" in row.text_en
    assert row.detail == "Kami dapat mendanai alat kesehatan tahun ini."
    assert sorted(mail.to[0] for mail in mailoutbox) == ["dian@example.org", "kurnia@example.org"]
    mail = mailoutbox[0]
    assert mail.subject == "[Semanggi] Minat pada kebutuhan / Interest in a need"
    assert "menyatakan minat pada kebutuhan “Alat kesehatan Puskesmas Semanggi”" in mail.body
    assert "expressed interest in the need “Medical equipment for Puskesmas Semanggi”" in (
        mail.body
    )
    assert "Kami dapat mendanai" in mail.body
    assert f"/needs/{catalogue.semanggi.pk}/#interests" in mail.body
    people = need_publisher_people(catalogue.semanggi).values_list("username", flat=True)
    assert set(people) == {"kurnia", "dian"}


def test_one_interest_per_organisation_the_second_attempt_finds_the_first(
    world: World,
    catalogue: Catalogue,
    client: Client,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    colleague = get_user_model().objects.create_user("bayu", "bayu@example.org", "bayu-pass")
    OrganisationMembership.objects.create(user=colleague, organisation=world.bank_x)
    with django_capture_on_commit_callbacks(execute=True):
        first, created = express(world, catalogue)
    assert created
    # A colleague says it again, without an offer: the database's constraint finds the first.
    with django_capture_on_commit_callbacks(execute=True):
        again, created_again = express(world, catalogue, actor=colleague, offer=None)
    assert (again.pk, created_again) == (first.pk, False)
    assert Interest.objects.count() == 1
    assert Notification.objects.filter(kind="interest_expressed").count() == 2  # dian, kurnia
    assert len(mailoutbox) == 2
    # The page shows the one there, and says so.
    client.force_login(colleague)
    response = client.post(
        f"/needs/{catalogue.semanggi.pk}/interest/",
        {"organisation": world.bank_x.pk, "message": "Sekali lagi."},
        follow=True,
    )
    text = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/needs/{catalogue.semanggi.pk}/#interest-{first.pk}"
    assert "sudah menyatakan minat" in text and "Kami dapat mendanai" in text
    # So does the API (200, not 201).
    answer = client.post(
        f"/api/needs/{catalogue.semanggi.pk}/interests",
        {"message": "Lagi."},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["id"] == first.pk
    assert Interest.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),  # to the login page
        ("charlie", 403),  # acts for no organisation
        ("nadia", 403),  # her organisation waits for verification
        ("eva", 403),
        ("kurnia", 403),  # coordinates, but acts for no organisation
        ("dian", 403),  # Dinkes publishes the need: not its own interest
        ("bima", 200),
        ("alice", 200),  # an administrator, for any verified organisation
    ],
)
def test_who_may_express_interest(
    world: World, catalogue: Catalogue, nadia: AbstractUser, who: str, status: int
) -> None:
    users = {"nadia": nadia, "dian": catalogue.dian}
    user = users.get(who) or world.user(who)
    client = Client()
    if who != "anonymous":
        client.force_login(user)
    url = f"/needs/{catalogue.semanggi.pk}/interest/"
    assert client.get(url).status_code == status
    page = client.get(f"/needs/{catalogue.semanggi.pk}/").content.decode()
    assert ('href="' + url + '"' in page) is (status == 200)
    posted = client.post(url, {"organisation": world.bank_x.pk, "message": "Minat."})
    assert posted.status_code == (302 if status in (200, 302) else status)
    assert Interest.objects.exists() is (status == 200)
    if status == 200:
        # The organisations offered are the verified ones she acts for, never the publisher.
        form = client.get(url).context["form"]
        choices = set(form.fields["organisation"].queryset.values_list("slug", flat=True))
        assert "dinkes" not in choices and "sinar" not in choices
        assert "bank-x" in choices


def test_only_an_open_need_takes_interest(world: World, catalogue: Catalogue) -> None:
    closed = NeedFactory(
        publisher=world.dinkes, status=NeedStatus.CLOSED, regions=["33.72.03.1002"]
    )
    with pytest.raises(InterestRefused) as refused:
        express(world, catalogue, need=closed, offer=None)
    assert refused.value.message == NEED_NOT_OPEN
    with pytest.raises(InterestRefused) as refused:
        express(world, catalogue, organisation=world.bank_z)  # bima is not of Bank Z
    assert refused.value.message == NOT_YOUR_ORGANISATION
    with pytest.raises(InterestRefused):
        express(world, catalogue, offer=catalogue.offer_z)  # another organisation's offer
    assert not Interest.objects.exists()
    client = Client()
    client.force_login(world.bima)
    assert client.get(f"/needs/{closed.pk}/interest/").status_code == 403
    assert client.get(f"/needs/{catalogue.draft.pk}/interest/").status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"organisation": "", "message": "x"},
        {"organisation": "abc", "message": "x"},
        {"organisation": "99999999999999999999999", "message": "x"},
        {"organisation": "BANK", "message": "   "},
        {"organisation": "BANK", "message": "x" * 2001},
        {"organisation": "BANK", "message": "x", "offer": "OFFER_Z"},
        {"organisation": "BANK", "message": "x", "offer": "-1"},
        {"organisation": "BANK", "message": "x", "offer": "9223372036854775808"},
    ],
)
def test_bad_input_is_refused_clearly_and_saves_nothing(
    world: World, catalogue: Catalogue, client: Client, data: dict[str, str]
) -> None:
    values = {
        "BANK": str(world.bank_x.pk),
        "OFFER_Z": str(catalogue.offer_z.pk),
    }
    posted = {key: values.get(value, value) for key, value in data.items()}
    client.force_login(world.bima)
    response = client.post(f"/needs/{catalogue.semanggi.pk}/interest/", posted)
    assert response.status_code == 400
    assert "Formulir belum disimpan" in response.content.decode()
    assert not Interest.objects.exists()


def test_the_publisher_sees_the_interests_and_declines_with_a_reason(
    world: World,
    catalogue: Catalogue,
    client: Client,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    interest, _ = express(world, catalogue)
    need_page = f"/needs/{catalogue.semanggi.pk}/"
    answer = f"/needs/{catalogue.semanggi.pk}/interests/{interest.pk}/answer/"
    # Each sees what is hers: the publisher all, the bank its own, others nothing.
    for who, sees, answers in [
        (catalogue.dian, True, True),
        (world.kurnia, True, True),
        (world.bima, True, False),
        (world.charlie, False, False),
        (world.eva, False, False),
    ]:
        client.force_login(who)
        page = client.get(need_page).content.decode()
        assert ("Kami dapat mendanai" in page) is sees, who
        assert ('value="decline"' in page) is answers, who
    client.logout()
    assert "Kami dapat mendanai" not in client.get(need_page).content.decode()

    # Neither the bank nor a stranger answers.
    for who in (world.bima, world.charlie):
        client.force_login(who)
        assert client.post(answer, {"answer": "decline", "note": "x"}).status_code == 403
    with pytest.raises(InterestRefused) as refused:
        interest_decline(interest=interest, actor=world.bima, reason="Tidak.")
    assert refused.value.message == NOT_YOURS_TO_ANSWER

    with pytest.raises(InterestRefused) as refused:
        interest_decline(interest=interest, actor=catalogue.dian, reason=" ")
    assert refused.value.message == REASON_NEEDED
    client.force_login(catalogue.dian)
    response = client.post(answer, {"answer": "decline"}, follow=True)
    assert "Tuliskan alasannya" in response.content.decode()
    interest.refresh_from_db()
    assert interest.status == InterestStatus.OPEN
    assert client.post(answer, {"answer": "later"}).status_code == 302  # a message, no 500
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            answer, {"answer": "decline", "note": "Sudah didanai APBD."}, follow=True
        )
    assert response.redirect_chain[-1][0] == need_page + "#interests"
    assert "Minat itu ditolak" in response.content.decode()
    interest.refresh_from_db()
    assert (interest.status, interest.answered_by, interest.answer_note) == (
        InterestStatus.DECLINED,
        catalogue.dian,
        "Sudah didanai APBD.",
    )
    told = Notification.objects.get(kind="interest_declined")
    assert told.recipient == world.bima and told.detail == "Sudah didanai APBD."
    (mail,) = [m for m in mailoutbox if m.to == ["bima@example.org"]]
    assert "Minat ditolak / Interest declined" in mail.subject
    assert "ditolak oleh" in mail.body and "was declined by" in mail.body
    with pytest.raises(InterestRefused) as again:
        interest_decline(interest=interest, actor=world.kurnia, reason="Lagi.")
    assert again.value.message == ALREADY_ANSWERED
    assert interest.history.count() == 2  # expressed, then declined


def test_taking_an_interest_up_starts_the_partnership_as_a_match_would(
    world: World,
    catalogue: Catalogue,
    client: Client,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    interest, _ = express(world, catalogue)
    other_member = get_user_model().objects.create_user("zaki", "zaki@example.org", "zaki-pass")
    OrganisationMembership.objects.create(user=other_member, organisation=world.bank_z)
    other, _ = interest_express(
        need=catalogue.semanggi,
        organisation=world.bank_z,
        actor=other_member,
        message="Kami juga berminat.",
    )
    client.force_login(world.kurnia)
    answer = f"/needs/{catalogue.semanggi.pk}/interests/{interest.pk}/answer/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer, {"answer": "take_up"})
    assert response.status_code == 302
    interest.refresh_from_db()
    partnership = interest.partnership
    assert partnership is not None and interest.status == InterestStatus.TAKEN_UP
    assert response["Location"] == f"/partnerships/{partnership.slug}/"
    parties = {
        party.organisation.slug: {role.role for role in party.roles.all()}
        for party in partnership.parties.all()
    }
    assert parties == {
        "dinkes": {PartyRoleKind.ACCOUNTABLE, PartyRoleKind.BENEFICIARY_REPRESENTATIVE},
        "bank-x": {PartyRoleKind.FUNDING},
    }
    assert not partnership.is_published and partnership.phase == "planning"
    catalogue.semanggi.refresh_from_db()
    assert (catalogue.semanggi.status, catalogue.semanggi.partnership) == (
        NeedStatus.MATCHED,
        partnership,
    )
    # The bank's people are told, and as a party now see the partnership.
    told = Notification.objects.get(kind="interest_taken_up")
    assert told.recipient == world.bima
    assert told.link == f"/partnerships/{partnership.slug}/"
    assert any("Minat diterima / Interest taken up" in m.subject for m in mailoutbox)
    bima = type(world.bima).objects.get(pk=world.bima.pk)
    assert bima.has_perm("partnerships.change_partnership", partnership)
    # Answered once; and the need has its partnership, so the other interest cannot start one.
    with pytest.raises(InterestRefused) as again:
        interest_take_up(interest=interest, actor=world.alice)
    assert again.value.message == ALREADY_ANSWERED
    with pytest.raises(InterestRefused) as matched:
        interest_take_up(interest=other, actor=world.alice)
    assert matched.value.message.en == "This need already has a partnership."
    assert matched.value.message.id == "Kebutuhan ini sudah memiliki kemitraan."
    other.refresh_from_db()
    assert other.status == InterestStatus.OPEN


def test_the_need_page_and_home_keep_their_query_counts_as_interests_grow(
    world: World, catalogue: Catalogue, client: Client
) -> None:
    counter = iter(range(1000))

    def grow() -> None:
        for _ in range(2):
            n = next(counter)
            company = Organisation.objects.create(
                name=f"PT Peminat {n}", slug=f"peminat-{n}", kind=OrganisationKind.COMPANY
            )
            person = get_user_model().objects.create_user(f"peminat{n}", f"p{n}@example.org")
            OrganisationMembership.objects.create(user=person, organisation=company)
            interest_express(
                need=catalogue.semanggi, organisation=company, actor=person, message=f"Minat {n}"
            )

    grow()
    need_page = f"/needs/{catalogue.semanggi.pk}/"
    for who in (catalogue.dian, world.kurnia, world.bima):
        client.force_login(who)
        assert_constant_queries(lambda: client.get(need_page), grow)
        assert_constant_queries(lambda: client.get("/me/"), grow)
        assert_constant_queries(lambda: client.get("/me/notifications/"), grow)
    client.force_login(world.kurnia)
    assert_constant_queries(
        lambda: client.get(f"/api/needs/{catalogue.semanggi.pk}/interests"), grow
    )
    assert_constant_queries(lambda: client.get("/api/notifications"), grow)


# --- API --------------------------------------------------------------------------------------


def test_the_api_expresses_lists_and_answers_interests(
    world: World, catalogue: Catalogue, client: Client, nadia: AbstractUser
) -> None:
    url = f"/api/needs/{catalogue.semanggi.pk}/interests"
    body = {"message": "Kami berminat.", "offer": catalogue.offer_x.pk}
    assert client.post(url, body, content_type="application/json").status_code == 401
    assert client.get(url).status_code == 401
    for outsider in (world.charlie, nadia, catalogue.dian):
        client.force_login(outsider)
        assert client.post(url, body, content_type="application/json").status_code == 403
    client.force_login(world.bima)
    invalid = client.post(
        url, {"message": "", "offer": catalogue.offer_z.pk}, content_type="application/json"
    )
    assert invalid.status_code == 422 and {"message", "offer"} <= set(invalid.json()["errors"])
    assert (
        client.post(
            url, {"organisation": "bank-z", "message": "x"}, content_type="application/json"
        ).status_code
        == 422
    )
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    out = created.json()
    assert (out["organisation"]["slug"], out["offer_id"], out["status"]) == (
        "bank-x",
        catalogue.offer_x.pk,
        "open",
    )
    assert [row["id"] for row in client.get(url).json()["items"]] == [out["id"]]
    decline = f"{url}/{out['id']}/decline"
    take_up = f"{url}/{out['id']}/partnership"
    assert client.post(decline, {"reason": "x"}, content_type="application/json").status_code == 403
    client.force_login(world.charlie)
    assert client.get(url).json()["items"] == []  # not his organisation's
    assert client.post(decline, {"reason": "x"}, content_type="application/json").status_code == 404
    client.force_login(catalogue.dian)
    assert [row["id"] for row in client.get(url).json()["items"]] == [out["id"]]
    assert client.post(decline, {"reason": ""}, content_type="application/json").status_code == 422
    started = client.post(take_up, {"note": "Mari mulai."}, content_type="application/json")
    assert started.status_code == 201 and started.json()["url"].startswith("/partnerships/")
    assert client.post(take_up, {}, content_type="application/json").status_code == 409
    listed = client.get(url).json()["items"][0]
    assert (listed["status"], listed["answer_note"], listed["answered_by"]) == (
        "taken_up",
        "Mari mulai.",
        "dian",
    )
    assert listed["partnership_slug"] == started.json()["slug"]
    assert client.get(f"{url}/{out['id']}").status_code in (404, 405)
    assert client.post(
        f"/api/needs/{catalogue.semanggi.pk}/interests/99999999999999999999/decline",
        {"reason": "x"},
        content_type="application/json",
    ).status_code in (404, 422)
