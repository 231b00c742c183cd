"""Records behave as the frozen value types they replace: built by position or by name,
defaults last, immutable, equal only to a record of their class with equal fields."""

from __future__ import annotations

from typing import Any

import pytest

from needlecheck.records import Record


class Source(Record):
    id: str
    citation: str
    lower_certainty: bool = False


class Other(Record):
    id: str
    citation: str
    lower_certainty: bool = False


def test_fields_by_position_by_name_and_by_default() -> None:
    assert Source("a", "b").lower_certainty is False
    assert Source("a", "b", True).lower_certainty is True
    assert Source(citation="b", id="a") == Source("a", "b")
    assert Source("a", citation="b", lower_certainty=True) == Source("a", "b", True)
    assert Source._fields == ("id", "citation", "lower_certainty")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("a",), {}),  # a field without a default is missing
        (("a", "b", True, "extra"), {}),  # too many
        (("a", "b"), {"id": "again"}),  # given twice
        (("a", "b"), {"colour": "red"}),  # no such field
    ],
)
def test_a_wrong_set_of_values_is_refused(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        Source(*args, **kwargs)


def test_a_record_cannot_be_changed() -> None:
    source = Source("a", "b")
    with pytest.raises(AttributeError):
        source.id = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del source.citation
    assert source.id == "a"


def test_equal_only_to_its_own_class_with_equal_fields() -> None:
    assert Source("a", "b") == Source("a", "b")
    assert hash(Source("a", "b")) == hash(Source("a", "b"))
    assert Source("a", "b") != Source("a", "c")
    assert Source("a", "b") != Other("a", "b")
    assert Source("a", "b") != ("a", "b", False)
    assert len({Source("a", "b"), Source("a", "b"), Other("a", "b")}) == 2


def test_repr_replace_and_asdict() -> None:
    source = Source("a", "b")
    assert repr(source) == "Source(id='a', citation='b', lower_certainty=False)"
    assert source._replace(citation="c") == Source("a", "c")
    assert source == Source("a", "b")  # _replace made a new one
    assert source._asdict() == {"id": "a", "citation": "b", "lower_certainty": False}


def test_a_refusal_names_the_fields_never_their_values() -> None:
    with pytest.raises(TypeError) as refused:
        Source("SECRET-ANSWER", "b", True, "SECRET-TOO")  # type: ignore[call-arg]
    assert "SECRET" not in str(refused.value)
    with pytest.raises(TypeError) as refused:
        Source("SECRET-ANSWER", colour="SECRET-TOO")  # type: ignore[call-arg]
    assert "SECRET" not in str(refused.value)
