"""A person's path up the ladder: their profile, what they are eligible for, goals, plans, advice.

:mod:`.profile` (who the person is), :mod:`.eligibility` (which routes they meet), :mod:`.goals`
(what they typed as a goal), :mod:`.steps` (steps, totals and the Pareto frontier),
:mod:`.planner` (every Pareto-optimal path to a goal) and :mod:`.advisor` (ranked recommendations).
"""

from typing import Literal

Interest = Literal["clinical", "administrative", "phlebotomy", "ekg", "ophthalmology"]
INTERESTS: tuple[str, ...] = Interest.__args__  # type: ignore[attr-defined]
