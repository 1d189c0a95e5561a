"""The one serializer's streamed form gives the bytes of the whole answer, however the items are chunked."""

from __future__ import annotations

import itertools
from typing import Any

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from ma_ladder import serialize


class Report(msgspec.Struct, frozen=True):
    org: str
    counts: dict[str, int]
    rows: list[Any]
    version: str


scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
items = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


def _chunked(rows: list[Any], cuts: list[int]) -> list[list[Any]]:
    edges = sorted({0, len(rows), *(c % (len(rows) + 1) for c in cuts)})
    return [rows[a:b] for a, b in itertools.pairwise(edges)] + [[]]


@given(st.lists(items, max_size=12), st.lists(st.integers(0, 50), max_size=4), st.text(max_size=6))
def test_streamed_json_is_the_whole_answers_json(rows: list[Any], cuts: list[int], org: str) -> None:
    report = Report(org, {"a": 1}, rows, "2026.11.0")
    head = msgspec.structs.replace(report, rows=[])
    chunks = _chunked(rows, cuts)
    assert b"".join(serialize.stream(head, "rows", iter(chunks))) == serialize.to_json(report)
    indented = b"".join(serialize.stream(head, "rows", iter(chunks), indent=2)).decode()
    assert indented == serialize.to_text(report) + "\n"


def test_a_stream_of_more_than_one_batch_and_of_nothing() -> None:
    rows = [{"staff_id": str(i), "needs": ["CE", i]} for i in range(2_345)]
    report = Report("x", {}, rows, "v")
    head = msgspec.structs.replace(report, rows=[])
    assert b"".join(serialize.stream(head, "rows", [rows[:1000], rows[1000:]])) == serialize.to_json(report)
    assert b"".join(serialize.stream(head, "rows", [[], []])) == serialize.to_json(head)
    assert b"".join(serialize.stream(head, "rows", [], indent=2)).decode() == serialize.to_text(head) + "\n"
    odd = Report("\x00stream\x00", {}, ["\x00stream\x00"], "v")  # the marker's own text, given as data
    assert b"".join(serialize.stream(odd, "rows", [odd.rows])) == serialize.to_json(odd)


class Tail(msgspec.Struct, frozen=True):
    rows: list[Any]
    after: str


def test_the_markers_text_after_the_list_or_a_zero_indent() -> None:
    import pytest

    late = Tail(["a", "b"], "\x00stream\x00")  # data after the list holding the marker's own text
    head = msgspec.structs.replace(late, rows=[])
    assert b"".join(serialize.stream(head, "rows", [late.rows])) == serialize.to_json(late)
    assert b"".join(serialize.stream(head, "rows", [late.rows], indent=2)).decode() == serialize.to_text(late) + "\n"
    with pytest.raises(ValueError, match="indent"):
        list(serialize.stream(head, "rows", [late.rows], indent=0))


@given(
    st.dictionaries(
        st.sampled_from(["eligibility", "exam_accreditation", "renewal", "state_recognition"]),
        st.floats(min_value=0, max_value=5, allow_nan=False),
    )
)
def test_highest_with_fixed_parts_encoded_once_is_byte_for_byte_the_plain_encoding(weights: dict[str, float]) -> None:
    """``highest`` bodies are encoded with the knowledge base's levels, sources and criterion values encoded once
    (its wire form); under any weights the bytes must be those of encoding the answer as it is, and an
    answer whose lists were made elsewhere (a copy) must encode the same way too."""
    from ma_ladder import questions
    from ma_ladder.kb import load

    kb = load()
    h = questions.highest(kb, weights)
    assert serialize.to_json(h) == serialize.plain_json(h)
    ranking = [msgspec.structs.replace(x, parts=list(x.parts)) for x in h.ranking]
    copy = msgspec.structs.replace(h, citations=list(h.citations), levels=[*h.levels], ranking=ranking)
    assert serialize.to_json(copy) == serialize.plain_json(h)
    assert serialize.to_text(h) == msgspec.json.format(serialize.plain_json(h), indent=2).decode()
