"""Who may run assessments and decide on labels, and who sees the coded evidence behind them.

The study team of a partnership (evaluators on one of its studies, lead or member) and
administrators run assessments, confirm or override labels and see the evidence excerpts and
informant codes. Everyone else who may see the partnership reads its labels, strengths,
explanations and record provenance only.
"""

from typing import Any

import rules

from semanggi.access.selectors import partnership_facts, principal_for


def on_study_team(user: Any, partnership: Any) -> bool:
    if partnership is None or user is None or not user.is_authenticated:
        return False
    principal = principal_for(user)
    if principal.admin:
        return True
    if not principal.study_ids:
        return False
    return bool(principal.study_ids & partnership_facts(partnership).study_ids)


@rules.predicate
def may_assess(user: Any, partnership: Any) -> bool:
    return on_study_team(user, partnership)


rules.add_perm("assessment.run_assessment", may_assess)
rules.add_perm("assessment.decide_label", may_assess)
rules.add_perm("assessment.view_evidence", may_assess)
