"""Notifications: each person reads her own, in her language, marks them read one by one or
all at once, sees the unread count in the header; the API does the same. A mail that cannot
be sent never undoes what happened."""

from typing import Any

import pytest
from django.test import Client

from semanggi.core.text import Message
from semanggi.notifications.models import Notification, NotificationKind
from semanggi.notifications.services import notifications_mark_read, notify
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def tell(world: World, *recipients: Any, what: str = "Satu") -> list[Notification]:
    return notify(
        recipients=recipients,
        kind=NotificationKind.INTEREST_EXPRESSED,
        subject="need:1",
        link="/needs/1/#interests",
        text=Message(f"{what} kabar.", f"{what} news."),
        detail="Pesan dari perusahaan.",
    )


def test_each_reads_her_own_in_her_language_and_marks_them_read(
    world: World, client: Client
) -> None:
    (first,) = tell(world, world.bima, what="Pertama")
    tell(world, world.bima, world.bima, what="Kedua")  # once each, however named
    (kurnias,) = tell(world, world.kurnia, what="Rahasia")
    assert Notification.objects.filter(recipient=world.bima).count() == 2
    client.force_login(world.bima)
    home = client.get("/partnerships/").content.decode()
    assert 'class="count-badge">2<span class="sr-only"> belum dibaca' in home
    page = client.get("/me/notifications/").content.decode()
    assert "Pertama kabar." in page and "Kedua kabar." in page and "Rahasia" not in page
    assert "Pesan dari perusahaan." in page
    client.cookies["django_language"] = "en"
    assert "First" not in client.get("/me/notifications/").content.decode()
    assert "Pertama news." in client.get("/me/notifications/").content.decode()
    client.cookies["django_language"] = "id"

    # Another's notification is not hers to mark.
    client.post("/me/notifications/read/", {"notification": kurnias.pk})
    kurnias.refresh_from_db()
    assert kurnias.read_at is None
    response = client.post(
        "/me/notifications/read/", {"notification": first.pk, "next": "/me/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/me/"
    assert "Ditandai sudah dibaca." in response.content.decode()
    first.refresh_from_db()
    assert first.read_at is not None
    unread = client.get("/me/notifications/?unread=1").content.decode()
    assert "Kedua kabar." in unread and "Pertama kabar." not in unread
    response = client.post("/me/notifications/read/", follow=True)
    assert "1 pemberitahuan ditandai sudah dibaca." in response.content.decode()
    assert not Notification.objects.filter(recipient=world.bima, read_at__isnull=True).exists()
    assert "count-badge" not in client.get("/partnerships/").content.decode()
    # Bad input: a message, never a 500; another site is never the way back.
    for bad in ({"notification": "abc"}, {"notification": "99999999999999999999999"}):
        assert client.post("/me/notifications/read/", bad).status_code == 302
    away = client.post("/me/notifications/read/", {"next": "https://evil.example/"})
    assert away["Location"] == "/me/notifications/"
    assert client.get("/me/notifications/?page=abc").status_code == 200


def test_notifications_are_for_signed_in_people(world: World, client: Client) -> None:
    assert client.get("/me/notifications/").status_code == 302
    assert client.post("/me/notifications/read/").status_code == 302
    assert client.get("/api/notifications").status_code == 401
    assert client.post("/api/notifications/read").status_code == 401


def test_the_api_lists_counts_and_marks_read(world: World, client: Client) -> None:
    tell(world, world.bima, what="Satu")
    (second,) = tell(world, world.bima, what="Dua")
    (kurnias,) = tell(world, world.kurnia)
    client.force_login(world.bima)
    listed = client.get("/api/notifications").json()
    assert listed["count"] == 2
    assert [row["text"] for row in listed["items"]] == ["Dua kabar.", "Satu kabar."]
    row = listed["items"][0]
    assert (row["kind"], row["link"], row["text_en"], row["read_at"]) == (
        "interest_expressed",
        "/needs/1/#interests",
        "Dua news.",
        None,
    )
    assert client.get("/api/notifications/unread").json() == {"unread": 2}
    assert client.post(f"/api/notifications/{kurnias.pk}/read").status_code == 404
    marked = client.post(f"/api/notifications/{second.pk}/read")
    assert marked.status_code == 200 and marked.json()["read_at"] is not None
    assert client.get("/api/notifications?unread=true").json()["count"] == 1
    assert client.post("/api/notifications/read").json() == {"marked": 1}
    assert client.get("/api/notifications/unread").json() == {"unread": 0}
    assert client.post("/api/notifications/99999999999999999999/read").status_code == 422
    assert notifications_mark_read(user=world.kurnia, ids=[second.pk]) == 0


def test_a_mail_that_cannot_be_sent_leaves_the_notification_standing(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    # A real SMTP backend pointed at a port where nothing listens.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", 9, False
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        tell(world, world.bima)
    assert Notification.objects.filter(recipient=world.bima).count() == 1
    assert "could not be sent" in caplog.text


def test_inactive_people_and_the_actor_are_not_told(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    world.charlie.is_active = False
    world.charlie.save()
    world.eva.email = ""
    world.eva.save()
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify(
            recipients=[world.charlie, world.eva, world.bima, world.kurnia],
            kind=NotificationKind.ORGANISATION_PROPOSED,
            subject="organisation:1",
            link="/organisations/x/",
            text=Message("Ada kabar.", "News."),
            actor=world.kurnia,
        )
    assert {row.recipient.username for row in rows} == {"eva", "bima"}
    # Eva has no address: told in the application only.
    assert [mail.to for mail in mailoutbox] == [["bima@example.org"]]
    assert "Ada kabar." in mailoutbox[0].body and "News." in mailoutbox[0].body
