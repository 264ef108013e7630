from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from semanggi.notifications.selectors import notifications_unread_count


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.DEMO,
        "signup_open": settings.SEMANGGI_SIGNUP,
        # Counted once, and only when a page shows it (the header, for people signed in).
        "unread_notifications": SimpleLazyObject(lambda: notifications_unread_count(user=user)),
    }
