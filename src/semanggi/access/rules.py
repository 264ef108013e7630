"""Object permissions, registered with django-rules so that views, the API and the admin all
ask ``user.has_perm(perm, obj)`` and get the answer of semanggi.core.access."""

from typing import Any

import rules

from semanggi.access.selectors import partnership_facts, principal_for
from semanggi.core import access


@rules.predicate
def may_view_partnership(user: Any, partnership: Any) -> bool:
    if partnership is None:
        return True
    if partnership.is_published:
        return True
    return access.can_view_partnership(principal_for(user), partnership_facts(partnership))


@rules.predicate
def may_change_partnership(user: Any, partnership: Any) -> bool:
    if partnership is None:
        return False
    return access.can_change_partnership(principal_for(user), partnership_facts(partnership))


@rules.predicate
def may_change_organisation(user: Any, organisation: Any) -> bool:
    if organisation is None:
        return False
    return access.can_change_organisation(principal_for(user), organisation.pk)


@rules.predicate
def may_view_study(user: Any, study: Any) -> bool:
    if study is None:
        return False
    return access.can_view_study(principal_for(user), study.pk)


rules.add_perm("partnerships.view_partnership", may_view_partnership)
rules.add_perm("partnerships.change_partnership", may_change_partnership)
rules.add_perm("organisations.change_organisation", may_change_organisation)
rules.add_perm("evidence.view_study", may_view_study)
