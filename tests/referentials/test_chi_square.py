"""The chi-square survival function against published critical values."""

from __future__ import annotations

import math

import pytest

from pixorga_core.referentials.chi_square import (
    chi_square_sf,
    chi_square_statistic,
    regularized_upper_gamma,
)


@pytest.mark.parametrize(
    ("statistic", "dof", "p_value"),
    [
        # Critical values from the usual chi-square tables (NIST/SEMATECH handbook, 1.3.6.7.4).
        (3.841, 1, 0.05),
        (6.635, 1, 0.01),
        (10.828, 1, 0.001),
        (5.991, 2, 0.05),
        (9.210, 2, 0.01),
        (7.815, 3, 0.05),
        (11.345, 3, 0.01),
        (13.277, 4, 0.01),
        (15.086, 5, 0.01),
        (18.307, 10, 0.05),
        (23.209, 10, 0.01),
        (0.584, 3, 0.90),
        (1.064, 4, 0.90),
        (50.892, 30, 0.01),
    ],
)
def test_matches_the_tables(statistic, dof, p_value):
    assert chi_square_sf(statistic, dof) == pytest.approx(p_value, rel=2e-3)


@pytest.mark.parametrize("x", [0.1, 1.0, 2.0, 7.5, 40.0])
def test_two_degrees_of_freedom_is_an_exponential(x):
    assert chi_square_sf(x, 2) == pytest.approx(math.exp(-x / 2), rel=1e-12)


@pytest.mark.parametrize("x", [0.2, 1.0, 3.0, 9.0])
def test_one_degree_of_freedom_is_erfc(x):
    assert chi_square_sf(x, 1) == pytest.approx(math.erfc(math.sqrt(x / 2)), rel=1e-10)


def test_edges():
    assert chi_square_sf(0.0, 3) == 1.0
    assert regularized_upper_gamma(2.0, 0.0) == 1.0
    assert chi_square_sf(1000.0, 3) < 1e-200
    with pytest.raises(ValueError, match="degree of freedom"):
        chi_square_sf(1.0, 0)


def test_statistic():
    assert chi_square_statistic([8, 13, 0, 0], [5.25] * 4) == pytest.approx(
        ((8 - 5.25) ** 2 + (13 - 5.25) ** 2 + 2 * 5.25**2) / 5.25
    )
    assert chi_square_statistic([1, 0], [1.0, 0.0]) == 0.0
    with pytest.raises(ValueError, match="length"):
        chi_square_statistic([1], [1.0, 2.0])
