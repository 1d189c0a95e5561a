"""The ladder: its levels, the honest answer to "what is the highest level?", and comparisons.

:mod:`.ranking` holds the published criteria, the ranking and the levels; :mod:`.compare` puts
credentials side by side; :mod:`.costs` totals what a credential costs to earn and keep.
"""

from .ranking import (
    CRITERIA,
    Criterion,
    Highest,
    LadderAnswer,
    Level,
    Part,
    Score,
    builds_on,
    ce_per_year,
    general,
    highest,
    labels,
    levels,
    rank,
    recognition,
)

__all__ = [
    "CRITERIA",
    "Criterion",
    "Highest",
    "LadderAnswer",
    "Level",
    "Part",
    "Score",
    "builds_on",
    "ce_per_year",
    "general",
    "highest",
    "labels",
    "levels",
    "rank",
    "recognition",
]
