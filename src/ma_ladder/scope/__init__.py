"""State scope of practice: may a medical assistant do task T in state S on date D, and why.

The rules are dated (:mod:`.dated`); the engine (:mod:`.engine`) picks the rule in force, applies the
credential's variant and the federal layer, and cites every law it rests on.
"""

from .engine import (
    ALLOWED,
    DECISION_RANK,
    DISCLAIMER,
    Answer,
    Cell,
    FederalRule,
    ScopeList,
    StateAnswer,
    StateList,
    StateSummary,
    allowed_tasks,
    decide,
    decision,
    evaluate,
    federal_baseline,
    for_state,
    for_task,
    matrix,
    prepare,
    summarize,
    timeline,
    variant_for,
)

__all__ = [
    "ALLOWED",
    "DECISION_RANK",
    "DISCLAIMER",
    "Answer",
    "Cell",
    "FederalRule",
    "ScopeList",
    "StateAnswer",
    "StateList",
    "StateSummary",
    "allowed_tasks",
    "decide",
    "decision",
    "evaluate",
    "federal_baseline",
    "for_state",
    "for_task",
    "matrix",
    "prepare",
    "summarize",
    "timeline",
    "variant_for",
]
