"""Pydantic schemas of the knowledge base; the YAML files are validated against these at load."""

from .catalog import TASK_IDS, Career, Claim, Dataset, Organization, ProgramType, Task
from .common import Range, Source, Sourced, Unclear, is_unclear
from .credential import Credential, Route
from .state import Law, NationalRule, RuleValue, State, StateCredential, Variant

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
    "Range",
    "Route",
    "RuleValue",
    "Source",
    "Sourced",
    "State",
    "StateCredential",
    "Task",
    "Unclear",
    "Variant",
    "is_unclear",
]
