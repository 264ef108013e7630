"""The assessment of a partnership: what kind it is, on which evidence.

``inputs`` describes a case (records and coded evidence), ``indicators`` reads K1-K14 from
it, ``frameworks`` loads the typologies from versioned data files, and ``classify`` scores
every label of a framework with its explanation and provenance. Pure Python: no Django, no
other part of Semanggi beyond ``semanggi.core``.
"""

from semanggi.core.assessment.classify import (
    Assessment,
    AssessmentDiff,
    AxisAssessment,
    Change,
    LabelAssessment,
    TermResult,
    assess,
    diff,
)
from semanggi.core.assessment.frameworks import (
    Framework,
    FrameworkError,
    Strength,
    available_frameworks,
    load_framework,
    load_framework_file,
)
from semanggi.core.assessment.indicators import INDICATORS, compute_indicators
from semanggi.core.assessment.results import (
    ElementResult,
    ElementStatus,
    ReadingResult,
    Sufficiency,
)
from semanggi.core.assessment.values import IndicatorValue, Provenance

__all__ = [
    "INDICATORS",
    "Assessment",
    "AssessmentDiff",
    "AxisAssessment",
    "Change",
    "ElementResult",
    "ElementStatus",
    "Framework",
    "FrameworkError",
    "IndicatorValue",
    "LabelAssessment",
    "Provenance",
    "ReadingResult",
    "Strength",
    "Sufficiency",
    "TermResult",
    "assess",
    "available_frameworks",
    "compute_indicators",
    "diff",
    "load_framework",
    "load_framework_file",
]
