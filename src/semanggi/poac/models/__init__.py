"""The management records of a partnership, by function: Planning, Organizing, Actuating,
Controlling (G. R. Terry), plus the phase changes between them."""

from semanggi.poac.models.actuating import (
    Handover,
    Obstacle,
    ObstacleStatus,
    ProgressEvidence,
    ProgressUpdate,
    Transaction,
    TransactionType,
)
from semanggi.poac.models.aggregates import AggregateShare, RegionAggregate
from semanggi.poac.models.controlling import (
    Closure,
    CorrectiveAction,
    CorrectiveStatus,
    FlagTally,
    Indicator,
    IndicatorKind,
    IndicatorPeriod,
    PartnershipSummary,
    PhaseChange,
)
from semanggi.poac.models.organizing import (
    Decision,
    DecisionParty,
    DecisionSubject,
    Forum,
    ForumKind,
    Involvement,
    Meeting,
    Responsibility,
    TeamMember,
)
from semanggi.poac.models.planning import Activity, BudgetLine, Risk

__all__ = [
    "Activity",
    "AggregateShare",
    "BudgetLine",
    "Closure",
    "CorrectiveAction",
    "CorrectiveStatus",
    "Decision",
    "DecisionParty",
    "DecisionSubject",
    "FlagTally",
    "Forum",
    "ForumKind",
    "Handover",
    "Indicator",
    "IndicatorKind",
    "IndicatorPeriod",
    "Involvement",
    "Meeting",
    "Obstacle",
    "ObstacleStatus",
    "PartnershipSummary",
    "PhaseChange",
    "ProgressEvidence",
    "ProgressUpdate",
    "RegionAggregate",
    "Responsibility",
    "Risk",
    "TeamMember",
    "Transaction",
    "TransactionType",
]
