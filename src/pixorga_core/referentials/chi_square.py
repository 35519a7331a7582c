"""Pearson's chi-square goodness-of-fit test, without a statistics library.

The survival function of the chi-square distribution with ``k`` degrees of freedom is the
regularized upper incomplete gamma function Q(k/2, x/2), computed here as in *Numerical
Recipes* (§6.2): by its series when ``x < a + 1``, by Lentz's continued fraction otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

_EPSILON = 1e-15
_MAX_ITERATIONS = 10_000
_TINY = 1e-300


def chi_square_statistic(observed: Sequence[float], expected: Sequence[float]) -> float:
    """Σ (observed − expected)² / expected, over the cells whose expected count is positive."""
    if len(observed) != len(expected):
        msg = "observed and expected counts differ in length"
        raise ValueError(msg)
    return sum((o - e) ** 2 / e for o, e in zip(observed, expected, strict=True) if e > 0)


def chi_square_sf(statistic: float, degrees_of_freedom: int) -> float:
    """P(X ≥ ``statistic``) for X chi-square distributed with ``degrees_of_freedom``."""
    if degrees_of_freedom < 1:
        msg = "at least one degree of freedom is needed"
        raise ValueError(msg)
    if statistic <= 0:
        return 1.0
    return regularized_upper_gamma(degrees_of_freedom / 2, statistic / 2)


def regularized_upper_gamma(a: float, x: float) -> float:
    """Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x ≥ 0."""
    if x <= 0:
        return 1.0
    if x < a + 1:
        return max(0.0, 1.0 - _lower_series(a, x))
    return _upper_fraction(a, x)


def _prefactor(a: float, x: float) -> float:
    return math.exp(-x + a * math.log(x) - math.lgamma(a))


def _lower_series(a: float, x: float) -> float:
    """P(a, x) by its series."""
    term = total = 1.0 / a
    denominator = a
    for _ in range(_MAX_ITERATIONS):
        denominator += 1
        term *= x / denominator
        total += term
        if abs(term) < abs(total) * _EPSILON:
            break
    return total * _prefactor(a, x)


def _upper_fraction(a: float, x: float) -> float:
    """Q(a, x) by its continued fraction (modified Lentz)."""
    b = x + 1 - a
    c = 1 / _TINY
    d = 1 / b
    h = d
    for i in range(1, _MAX_ITERATIONS):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < _EPSILON:
            break
    return h * _prefactor(a, x)
