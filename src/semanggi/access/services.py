"""Writes for access: personal API tokens, and requests for access to a partnership (a
study covering it, a person joining such a study) with their grant or refusal."""

import hashlib
import logging
import secrets
from datetime import timedelta
from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import DEFAULT_DB_ALIAS, IntegrityError, OperationalError, transaction
from django.db.models import Q, QuerySet, Value
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from semanggi import sqlshape
from semanggi.access.lockout import TokenFailures, failures_expression
from semanggi.access.models import AccessDecision, AccessRequest, ApiToken
from semanggi.access.selectors import (
    access_request_deciders,
    may_decide,
    partnership_facts,
    principal_for,
)
from semanggi.core import access
from semanggi.core.text import Message
from semanggi.evidence.models import Study
from semanggi.partnerships.models import Partnership


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: Any, name: str) -> str:
    """Make a token for ``user`` and return it: this is the only time it can be read."""
    token = "smg_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=_digest(token))
    return token


# How often a token's "last used" time is written: once per interval, not on every call, so
# that reading with a token is not a write.
TOKEN_USE_INTERVAL = timedelta(hours=1)


class TokenLocked(Exception):
    """Too many wrong tokens came from the caller's address: tokens from it are refused."""


@cache
def _user_fields() -> list[str]:
    """The user model's columns, in the order the token query reads them."""
    return [f.attname for f in get_user_model()._meta.concrete_fields]


def api_token_user(token: str, *, failures: TokenFailures | None = None) -> Any | None:
    """The active user a token belongs to, or None: one query, its SQL compiled once
    (``semanggi.sqlshape``). With ``failures`` (where the caller's recent wrong tokens are
    counted), the count is read in the same query and a locked caller gets
    :class:`TokenLocked`, right token or not.

    The token's ``last_used_at`` is kept to the hour: it is written only when the stored time
    is older than :data:`TOKEN_USE_INTERVAL`, by one conditional statement in its own short
    transaction (concurrent calls write it once), and a database too busy to take it does
    not fail the call: the time is bookkeeping, the answer is what matters.
    """
    user_fields = _user_fields()

    def build(digest: str, *counted: Any) -> QuerySet[Any]:
        query = ApiToken.objects.filter(digest=digest, revoked=False, user__is_active=True)
        if counted:
            query = query.annotate(failures=failures_expression(*counted))
        else:
            query = query.annotate(failures=Value(0))
        columns = [f"user__{name}" for name in user_fields]
        return query.order_by().values_list("pk", "last_used_at", "failures", *columns)[:1]

    counted = [failures.username, failures.since] if failures is not None else []
    found = sqlshape.rows(("api_token_user", bool(counted)), build, [_digest(token), *counted])
    if not found:
        return None
    pk, last_used_at, failed, *user_row = found[0]
    if failures is not None and failed >= failures.limit:
        raise TokenLocked
    now = timezone.now()
    stale = now - TOKEN_USE_INTERVAL
    if last_used_at is None or last_used_at < stale:
        try:
            with transaction.atomic():
                ApiToken.objects.filter(pk=pk).filter(
                    Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale)
                ).update(last_used_at=now)
        except OperationalError:
            pass
    return get_user_model().from_db(DEFAULT_DB_ALIAS, user_fields, user_row)


# --- Access requests --------------------------------------------------------------------------

logger = logging.getLogger(__name__)


class AccessRefused(Exception):
    """A request about access that is refused; ``message`` says why in both languages."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


NOT_VISIBLE = Message(
    "Kemitraan ini tidak dapat Anda lihat, jadi tidak dapat Anda mintakan akses.",
    "You cannot see this partnership, so you cannot ask for access to it.",
)
NOT_YOURS_TO_DECIDE = Message(
    "Anda tidak dapat memutuskan permohonan ini: yang memutuskan adalah pihak yang "
    "bertanggung jawab atas kemitraan (koordinator wilayahnya atau anggota salah satu "
    "pihaknya) yang tidak ikut dalam studi, atau administrator.",
    "You cannot decide this request: it is decided by the partnership's accountable side "
    "(a coordinator of its region or a member of one of its parties) who is not on the "
    "study, or by an administrator.",
)
ALREADY_DECIDED = Message(
    "Permohonan ini sudah diputuskan.", "This request has already been decided."
)


def _now_granted(**fields: Any) -> AccessRequest:
    """A request granted at once by someone who may give access without asking."""
    actor = fields["requested_by"]
    return AccessRequest.objects.create(
        decision=AccessDecision.GRANTED, decided_by=actor, decided_at=timezone.now(), **fields
    )


def _pending(fields: dict[str, Any], *, requested_by: Any, note: str) -> AccessRequest:
    """The open request for these facts, made now or found (asking twice is one ask)."""
    found = AccessRequest.objects.filter(decision=AccessDecision.PENDING, **fields).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            row = AccessRequest.objects.create(
                requested_by=requested_by, note=note.strip()[:2000], **fields
            )
    except IntegrityError:
        # Asked at the same moment by someone else: the other request is the one.
        return AccessRequest.objects.get(decision=AccessDecision.PENDING, **fields)
    transaction.on_commit(lambda: _tell_deciders(row.pk))
    return row


def _tell_deciders(pk: int) -> None:
    """Mail the people who may decide a new request (each their own mail). A mail that
    cannot be sent is logged; the request stands and is listed on their page anyway."""
    row = AccessRequest.objects.select_related(
        "study", "partnership", "member", "requested_by"
    ).get(pk=pk)
    url = settings.SEMANGGI_SITE_URL.rstrip("/") + reverse("access-requests")
    body = render_to_string("access/request_mail.txt", {"asked": row, "url": url})
    subject = "Permohonan akses menunggu keputusan Anda / An access request waits for your decision"
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
        for person in access_request_deciders(row)
    ]
    try:
        send_mass_mail(messages)
    except OSError:
        logger.warning("access request %s: the mail to its deciders could not be sent", pk)


def access_request_partnership(
    *, study: Study, partnership: Partnership, actor: Any, note: str = ""
) -> AccessRequest | None:
    """Ask that ``study`` may cover ``partnership``. Administrators and the partnership's
    coordinators attach it at once (the request is kept, granted by them); anyone else's
    request waits for the accountable side. None when the study covers it already."""
    principal = principal_for(actor)
    facts = partnership_facts(partnership)
    if not access.may_request_access(principal, facts):
        raise AccessRefused(NOT_VISIBLE)
    if study.partnerships.filter(pk=partnership.pk).exists():
        return None
    fields = {"study": study, "partnership": partnership, "member": None}
    with transaction.atomic():
        if access.may_grant_directly(principal, facts):
            row = _now_granted(requested_by=actor, note=note.strip()[:2000], **fields)
            study.partnerships.add(partnership)
            return row
        return _pending(fields, requested_by=actor, note=note)


def access_request_member(
    *, study: Study, member: Any, actor: Any, note: str = ""
) -> list[AccessRequest]:
    """Ask that ``member`` may join the team of ``study``. Adding a person shares every
    partnership the study covers with her, so each needs its accountable side's consent
    (given at once where ``actor`` may grant directly). She joins when all are granted.
    Returns the requests still waiting (empty: she is on the team)."""
    if member.pk == study.lead_id or study.team.filter(pk=member.pk).exists():
        return []
    principal = principal_for(actor)
    with transaction.atomic():
        # Every addition asks anew: a consent ends when the person leaves the team.
        for partnership in study.partnerships.all():
            fields = {"study": study, "partnership": partnership, "member": member}
            if access.may_grant_directly(principal, partnership_facts(partnership)):
                _now_granted(requested_by=actor, note=note.strip()[:2000], **fields)
            else:
                _pending(fields, requested_by=actor, note=note)
        return _member_join_if_granted(study, member, requested_by=actor)


def _member_join_if_granted(study: Study, member: Any, *, requested_by: Any) -> list[AccessRequest]:
    """Put ``member`` on the team when every partnership of the study has granted her; a
    partnership the study came to cover since she was asked for is asked now. Returns the
    requests still open (or refused: she does not join)."""
    waiting = []
    for partnership in study.partnerships.all():
        latest = (
            AccessRequest.objects.filter(study=study, partnership=partnership, member=member)
            .order_by("-pk")
            .first()
        )
        if latest is not None and latest.decision == AccessDecision.GRANTED:
            continue
        waiting.append(
            latest
            or _pending(
                {"study": study, "partnership": partnership, "member": member},
                requested_by=requested_by,
                note="",
            )
        )
    if not waiting:
        study.team.add(member)
    return waiting


def access_request_decide(
    *, access_request: AccessRequest, actor: Any, grant: bool, note: str = ""
) -> AccessRequest:
    """Grant or refuse a pending request (semanggi.core.access.may_decide_access). Granting
    attaches the partnership to the study, or puts the person on the team once every
    partnership of the study has granted her. A request is decided once: of two people
    deciding at the same moment, the second is told it is already decided."""
    principal = principal_for(actor)
    row = AccessRequest.objects.select_related("study", "partnership", "member").get(
        pk=access_request.pk
    )
    if not row.is_pending:
        raise AccessRefused(ALREADY_DECIDED)
    if not may_decide(principal, row):
        raise AccessRefused(NOT_YOURS_TO_DECIDE)
    decision = AccessDecision.GRANTED if grant else AccessDecision.REFUSED
    with transaction.atomic():
        # The conditional update claims the request: of two deciders, one changes a row.
        now = timezone.now()
        claimed = AccessRequest.objects.filter(pk=row.pk, decision=AccessDecision.PENDING).update(
            decision=decision, decided_by=actor, decided_at=now
        )
        if not claimed:
            raise AccessRefused(ALREADY_DECIDED)
        row.decision = decision
        row.decided_by = actor
        row.decided_at = now
        row.decision_note = note.strip()[:2000]
        row._history_user = actor  # type: ignore[attr-defined]
        row.save()  # with its history row: who decided, when
        if grant:
            if row.member_id is None:
                row.study.partnerships.add(row.partnership)
            else:
                _member_join_if_granted(row.study, row.member, requested_by=row.requested_by)
    return row


# --- Accounts ---------------------------------------------------------------------------------


@transaction.atomic
def account_create(*, form: Any) -> Any:
    """A new account from a valid sign-up form: an ordinary person, no staff rights, no
    organisation, no region (what she may do comes later, from others' decisions)."""
    if not form.is_valid():
        raise ValueError("Save only a valid form.")
    user = form.save(commit=False)
    user.is_staff = False
    user.is_superuser = False
    user.is_active = True
    user.save()
    return user
