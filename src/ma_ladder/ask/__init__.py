"""Questions in plain English: understood as a structured query, answered by the engines with citations.

``ask(kb, "can a CMA give flu shots in New York?")`` returns an :class:`AskAnswer` whose ``query``
is what was understood (:mod:`.understand`), whose ``answer`` and ``decision`` come from the same
functions the CLI and the API use (:mod:`.answer`), and which says it is not sure, with the closest
facts (:mod:`.retrieve`), rather than guess.
"""

from .answer import SURE, AskAnswer, ask, batch
from .understand import Query, understand

__all__ = ["SURE", "AskAnswer", "Query", "ask", "batch", "understand"]
