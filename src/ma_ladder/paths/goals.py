"""Goals a person can plan for, parsed from what they type.

``CMA``, ``credential:CMA``, a state's credential ``WA:MA-C`` (``MA-C`` inside Washington);
``cardiology``, ``specialty:ekg``; ``practice manager``,
``role:practice-manager``; ``nursing``; ``task:injection`` (in the profile's state) or
``task:injection@WA``; ``pay``. Bare words are tried as a credential, a specialty, a role, then a task.
"""

from __future__ import annotations

from typing import Literal

import msgspec

from ..errors import UnknownName, UsageError
from ..kb import KnowledgeBase, resolve

Kind = Literal["credential", "specialty", "role", "task", "pay"]
SPECIALTIES = {
    "cardiology": "ekg",
    "ekg": "ekg",
    "ecg": "ekg",
    "cardiac": "ekg",
    "phlebotomy": "phlebotomy",
    "blood draw": "phlebotomy",
    "ophthalmology": "ophthalmic",
    "ophthalmic": "ophthalmic",
    "eye care": "ophthalmic",
    "administrative": "administrative",
    "front office": "administrative",
    "order entry": "order_entry",
}
ROLE_WORDS = {
    "nursing": "lpn-bridge",
    "lpn": "lpn-bridge",
    "lvn": "lpn-bridge",
    "rn": "rn-bridge",
    "nurse": "rn-bridge",
}


class Goal(msgspec.Struct, frozen=True):
    kind: Kind
    target: str
    state: str | None = None
    text: str = ""


def parse(kb: KnowledgeBase, text: str, state: str | None = None) -> Goal:
    """Turn a typed goal into a :class:`Goal`; an unknown goal names the kinds that exist."""
    raw = text.strip()
    kind, _, rest = (
        raw.partition(":")
        if ":" in raw and raw.split(":")[0].lower() in {"credential", "specialty", "role", "task"}
        else ("", "", raw)
    )
    low = rest.strip().lower()
    if kind == "credential":
        return Goal("credential", resolve.credential(kb, rest, state), text=raw)
    if kind == "specialty":
        if low not in SPECIALTIES:
            raise UnknownName("specialty", rest, sorted(SPECIALTIES))
        return Goal("specialty", SPECIALTIES[low], text=raw)
    if kind == "role":
        return Goal("role", _role(kb, rest), text=raw)
    if kind == "task" or " in " in low:
        return _task(kb, rest.replace(" in ", "@"), state, raw)
    if low in {"pay", "higher pay", "more money"}:
        return Goal("pay", "pay", text=raw)
    if low in SPECIALTIES:
        return Goal("specialty", SPECIALTIES[low], text=raw)
    if low in ROLE_WORDS:
        return Goal("role", ROLE_WORDS[low], text=raw)
    try:
        return Goal("credential", resolve.credential(kb, rest, state), text=raw)
    except UnknownName:
        pass
    try:
        return Goal("role", _role(kb, rest), text=raw)
    except UnknownName:
        pass
    try:
        return _task(kb, rest, state, raw)
    except UnknownName:
        pass
    raise UsageError(
        f"unknown goal {text!r}. Give a credential (CMA, or a state's, e.g. WA:MA-C), "
        f"a specialty ({', '.join(sorted(set(SPECIALTIES)))}), "
        f"a role ({', '.join(sorted(kb.careers))}), 'nursing', 'pay', or a task (task:injection@WA)."
    )


def _role(kb: KnowledgeBase, text: str) -> str:
    low = text.strip().lower()
    if low in ROLE_WORDS:
        return ROLE_WORDS[low]
    by_name = {c.name.lower(): c.id for c in kb.careers.values()}
    for key in (low, low.replace(" ", "-")):
        if key in kb.careers:
            return key
        if key in by_name:
            return by_name[key]
    raise UnknownName("role", text, sorted(kb.careers))


def _task(kb: KnowledgeBase, text: str, state: str | None, raw: str) -> Goal:
    task_text, _, state_text = text.partition("@")
    task = resolve.task(kb, task_text)
    st = resolve.state(kb, state_text) if state_text.strip() else state
    if st is None:
        raise UsageError(f"goal {raw!r} needs a state: add --state or write task:{task}@XX")
    return Goal("task", task, st, raw)
