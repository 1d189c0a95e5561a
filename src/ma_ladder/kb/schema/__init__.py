"""Records of the knowledge base: plain frozen Structs, validated by pydantic when the YAML is built."""

from .catalog import TASK_IDS, Career, Claim, Dataset, Nonprofit, Organization, Outlook, ProgramType, Task
from .common import Range, Source, Sourced, Unclear, is_unclear
from .credential import Credential, RenewalChange, Route
from .sources import Quality, SourceHost, SourceHosts
from .state import Law, NationalRule, RuleValue, State, StateCredential, TitleRule, Variant
from .wages import WageRow, WageTable

__all__ = [
    "TASK_IDS",
    "Career",
    "Claim",
    "Credential",
    "Dataset",
    "Law",
    "NationalRule",
    "Nonprofit",
    "Organization",
    "Outlook",
    "ProgramType",
    "Quality",
    "Range",
    "RenewalChange",
    "Route",
    "RuleValue",
    "Source",
    "SourceHost",
    "SourceHosts",
    "Sourced",
    "State",
    "StateCredential",
    "Task",
    "TitleRule",
    "Unclear",
    "Variant",
    "WageRow",
    "WageTable",
    "is_unclear",
]
