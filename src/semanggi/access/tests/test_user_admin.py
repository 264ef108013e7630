"""No staff member raises her own rights through the admin: people and groups are managed by
superusers only."""

from typing import Any

import pytest
from django.contrib.auth.models import Permission

from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def test_a_staff_member_with_user_permissions_cannot_make_herself_a_superuser(
    world: World, client: Any
) -> None:
    staff = world.charlie
    staff.is_staff = True
    staff.save()
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["change_user", "view_user", "change_group"])
    )
    client.force_login(staff)
    assert client.get("/admin/auth/user/").status_code == 403
    answer = client.post(
        f"/admin/auth/user/{staff.pk}/change/",
        {"username": staff.username, "is_superuser": "on", "is_staff": "on", "is_active": "on"},
    )
    assert answer.status_code == 403
    staff.refresh_from_db()
    assert not staff.is_superuser
    assert client.get("/admin/auth/group/").status_code == 403


def test_a_superuser_still_manages_people(world: World, client: Any) -> None:
    client.force_login(world.alice)
    assert client.get("/admin/auth/user/").status_code == 200
