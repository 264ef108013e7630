"""The access model in the database: object checks (django-rules) and list filters agree with
each other and with what each person of the fixture world should see."""

import pytest

from semanggi.access.selectors import partnerships_visible_to, principal_for
from semanggi.testing.world import World

# user → (visible partnerships, changeable partnerships)
EXPECTED = {
    "alice": (
        {"semanggi", "surakarta-draft", "jakarta-pilot"},
        {"semanggi", "surakarta-draft", "jakarta-pilot"},
    ),
    "kurnia": ({"semanggi", "surakarta-draft"}, {"semanggi", "surakarta-draft"}),
    "bima": ({"semanggi", "jakarta-pilot"}, {"semanggi", "jakarta-pilot"}),
    "eva": ({"semanggi", "jakarta-pilot"}, set()),
    "charlie": ({"semanggi"}, set()),
    "anonymous": ({"semanggi"}, set()),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_kind_of_user_sees_and_changes_what_the_access_model_allows(
    world: World, name: str
) -> None:
    user = world.user(name)
    visible, changeable = EXPECTED[name]
    partnerships = [world.semanggi, world.surakarta_draft, world.jakarta_pilot]

    assert {
        p.slug for p in partnerships if user.has_perm("partnerships.view_partnership", p)
    } == visible
    assert {
        p.slug for p in partnerships if user.has_perm("partnerships.change_partnership", p)
    } == changeable
    listed = partnerships_visible_to(principal_for(user)).values_list("slug", flat=True)
    assert set(listed) == visible


@pytest.mark.django_db
def test_organisations_are_changed_by_their_members(world: World) -> None:
    assert world.bima.has_perm("organisations.change_organisation", world.bank_x)
    assert not world.bima.has_perm("organisations.change_organisation", world.dinkes)
    assert not world.kurnia.has_perm("organisations.change_organisation", world.bank_x)
    assert world.alice.has_perm("organisations.change_organisation", world.dinkes)


@pytest.mark.django_db
def test_studies_are_seen_by_their_team_only(world: World) -> None:
    world.study.team.add(world.charlie)
    assert world.eva.has_perm("evidence.view_study", world.study)
    assert world.charlie.has_perm("evidence.view_study", world.study)
    assert not world.kurnia.has_perm("evidence.view_study", world.study)
    assert not world.anonymous.has_perm("evidence.view_study", world.study)


@pytest.mark.django_db
def test_the_visible_list_has_no_duplicates_when_several_rules_match(world: World) -> None:
    # bima is a member of a party AND the partnership is published: still one row.
    slugs = list(partnerships_visible_to(principal_for(world.bima)).values_list("slug", flat=True))
    assert sorted(slugs) == sorted(set(slugs))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_study_filter_without_the_profile_agrees_with_the_object_rule(
    world: World, name: str
) -> None:
    from semanggi.access.selectors import study_visible_to_user_q
    from semanggi.core.access import can_view_study
    from semanggi.evidence.models import Study
    from semanggi.evidence.tests.factories import StudyFactory

    StudyFactory(lead=world.charlie)
    StudyFactory(lead=world.alice).team.add(world.eva)
    user = world.user(name)
    principal = principal_for(user)
    by_rule = {s.pk for s in Study.objects.all() if can_view_study(principal, s.pk)}
    assert (
        set(Study.objects.filter(study_visible_to_user_q(user)).values_list("pk", flat=True))
        == by_rule
    )
