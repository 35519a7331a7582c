"""cattrs converters for the edges (settings files, JSON output). Never the global converter."""

from __future__ import annotations

from datetime import date, datetime

import cattrs
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.v import transform_error


def make_converter(*, forbid_extra_keys: bool = True) -> cattrs.Converter:
    """Return a private converter: unknown keys refused, dates as ISO strings."""
    converter = cattrs.Converter(forbid_extra_keys=forbid_extra_keys, detailed_validation=True)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_unstructure_hook(datetime, datetime.isoformat)
    converter.register_structure_hook(
        date, lambda v, _: v if isinstance(v, date) else date.fromisoformat(v)
    )
    converter.register_structure_hook(
        datetime, lambda v, _: v if isinstance(v, datetime) else datetime.fromisoformat(v)
    )
    return converter


def describe_structure_error(exc: Exception, path: str = "$") -> list[str]:
    """Turn a cattrs validation error into one readable line per problem."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        return transform_error(exc, path=path)
    return [f"{path}: {exc}"]
