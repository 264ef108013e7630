"""The core's assessment values to JSON and back, losslessly, so that stored runs can be
compared with ``semanggi.core.assessment.diff`` and shown as they were proposed.

Plain functions over dataclasses: field names become keys, enums their values, tuples lists.
Reading back follows the field types, so ``assessment_from_json(assessment_to_json(a)) == a``.
"""

import dataclasses
import types
import typing
from enum import Enum
from functools import cache
from typing import Any, TypeVar, Union

from semanggi.core.assessment import Assessment

T = TypeVar("T")


def to_json(value: Any) -> Any:
    """A JSON-ready copy of a dataclass tree (dicts keep the order of the fields)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_json(getattr(value, field.name)) for field in _fields(type(value))}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    return value


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return dataclasses.fields(cls)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_json(kind: Any, raw: Any) -> Any:
    """Rebuild a value of type ``kind`` from what ``to_json`` made of it."""
    origin = typing.get_origin(kind)
    if origin in (Union, types.UnionType):
        options = typing.get_args(kind)
        if raw is None and type(None) in options:
            return None
        for option in options:
            if option is type(None):
                continue
            try:
                return from_json(option, raw)
            except (TypeError, ValueError, KeyError):
                continue
        raise ValueError(f"{raw!r} fits none of {kind}")
    if origin is tuple:
        (item_kind, *_rest) = typing.get_args(kind)
        if not isinstance(raw, list):
            raise TypeError(f"expected a list, got {raw!r}")
        return tuple(from_json(item_kind, item) for item in raw)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        if not isinstance(raw, dict):
            raise TypeError(f"expected an object for {kind.__name__}, got {raw!r}")
        hints = _hints(kind)
        return kind(
            **{
                field.name: from_json(hints[field.name], raw[field.name])
                for field in _fields(kind)
                if field.name in raw
            }
        )
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(raw)
    if kind is float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise TypeError(f"expected a number, got {raw!r}")
        return float(raw)
    if kind in (int, str, bool):
        if not isinstance(raw, kind) or (kind is int and isinstance(raw, bool)):
            raise TypeError(f"expected {kind.__name__}, got {raw!r}")
        return raw
    raise TypeError(f"cannot read {kind!r}")


def assessment_to_json(assessment: Assessment) -> dict[str, Any]:
    result: dict[str, Any] = to_json(assessment)
    return result


def assessment_from_json(raw: dict[str, Any]) -> Assessment:
    result: Assessment = from_json(Assessment, raw)
    return result
