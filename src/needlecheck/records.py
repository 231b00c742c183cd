"""Records: immutable values with named fields, as cheap to define as a plain class.

needlecheck defines its content's value types before the interview's first question, at
every start. A NamedTuple compiles its constructor from generated source as its class is
made, and a dataclass several methods: about half a million instructions a class, which
for the model's forty-odd types was a twentieth of the time to the first question. A
record's class generates no code: its fields are its annotations, in order, and the one
constructor below fills them. Type checkers read a record as a frozen dataclass
(``dataclass_transform``), so a wrong field or a wrong type is caught as before.

Two records are equal when they are of one class with equal fields (never equal to a
tuple). Standard library only, and a leaf: every layer may use it.
"""

import inspect
from typing import Any, ClassVar, Self, dataclass_transform


@dataclass_transform(frozen_default=True)
class Record:
    """Subclass with annotated fields, defaults last: ``class Source(Record): id: str``."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _named: ClassVar[frozenset[str]] = frozenset()
    _required: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls) -> None:
        cls._fields = tuple(inspect.get_annotations(cls))
        cls._named = frozenset(cls._fields)
        # A field with a default keeps it as a class attribute, which the instance's own
        # value shadows when one is given.
        cls._required = frozenset(name for name in cls._fields if name not in cls.__dict__)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs or len(args) != len(self._fields):
            self.__dict__.update(self._checked(args, kwargs))
        else:  # every field, in order: nothing to check
            self.__dict__.update(zip(self._fields, args, strict=True))

    def _checked(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        values = dict(zip(self._fields, args, strict=False))
        unknown = kwargs.keys() - self._named
        if len(args) > len(self._fields) or unknown or not kwargs.keys().isdisjoint(values):
            # Names and counts only: the values may be answers, never shown in a traceback.
            raise TypeError(type(self).__name__, self._fields, len(args), sorted(kwargs))
        values.update(kwargs)
        if not self._required <= values.keys():
            raise TypeError(type(self).__name__, sorted(self._required - values.keys()))
        return values

    # Immutable, as a tuple: a field is set once, by the constructor.
    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(type(self).__name__, name)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(type(self).__name__, name)

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"

    def _asdict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._fields}

    def _replace(self, **changes: Any) -> Self:
        return type(self)(**{**self._asdict(), **changes})
