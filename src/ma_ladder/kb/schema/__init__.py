"""Records of the knowledge base: plain frozen Structs, validated by pydantic when the YAML is built."""

from .catalog import TASK_IDS, Career, Claim, Dataset, Organization, ProgramType, Task
from .common import Range, Source, Sourced, Unclear, is_unclear
from .credential import Credential, Route
from .sources import Quality, SourceHost, SourceHosts
from .state import Law, NationalRule, RuleValue, State, StateCredential, Variant
from .wages import WageRow, WageTable

__all__ = [
    "TASK_IDS",
    "Career",
    "Claim",
    "Credential",
    "Dataset",
    "Law",
    "NationalRule",
    "Organization",
    "ProgramType",
    "Quality",
    "Range",
    "Route",
    "RuleValue",
    "Source",
    "SourceHost",
    "SourceHosts",
    "Sourced",
    "State",
    "StateCredential",
    "Task",
    "Unclear",
    "Variant",
    "WageRow",
    "WageTable",
    "is_unclear",
]
