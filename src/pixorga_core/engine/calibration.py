"""2PL calibration by marginal maximum likelihood (``pixorga calibrate``).

The model is Flash's: P(right | θ) = 1 / (1 + exp(−a·(θ − b))), θ ~ N(0, 1) in the population
of the answering pupils (that fixes the scale: the calibrated difficulties are on the scale of
that population). The item parameters maximise the marginal likelihood
Πₙ ∫ Πⱼ P(xₙⱼ | θ, aⱼ, bⱼ) φ(θ) dθ, computed on a fixed quadrature grid, by the EM algorithm of
Bock and Aitkin (1981):

* E step: for each pupil, the posterior weights of the grid points given their answers and the
  current parameters; summed, the expected number of pupils nⱼq at point q who answered item j,
  and rⱼq of them who got it right;
* M step: for each item, the (a, b) maximising Σq rⱼq·log P + (nⱼq − rⱼq)·log(1 − P), one
  Newton–Raphson step on the slope–intercept form a·θ + d (d = −a·b), every item at once.

It stops when no parameter moves by more than ``tolerance`` (or after ``max_iterations``).
Missing answers (a pupil not given an item, as in an adaptive test) simply do not count: the
likelihood is that of the answers given. Standard errors come from the cross-product of the
pupils' score vectors at the solution (the empirical information of the marginal likelihood),
inverted as one matrix for every item's (d, a), then carried to (a, b) by the delta method.

Everything is numpy: one E step is two matrix products (pupils × items by items × points).
"""

from __future__ import annotations

import math

import attrs
import numpy as np
import numpy.typing as npt

from pixorga_core.errors import InvalidInputError

Matrix = npt.NDArray[np.float64]

#: Quadrature: this many points from −QUADRATURE_RANGE to +QUADRATURE_RANGE.
QUADRATURE_POINTS = 41
QUADRATURE_RANGE = 5.0
#: Bounds of the discriminant during the fit (a Newton step never leaves them).
MIN_DISCRIMINANT, MAX_DISCRIMINANT = 0.05, 8.0
#: Largest change of a parameter in one Newton step.
MAX_STEP = 1.0


@attrs.frozen
class Fit:
    """The estimates of :func:`fit_2pl`, one entry per item (column), in column order."""

    discriminant: Matrix
    difficulty: Matrix
    discriminant_se: Matrix
    difficulty_se: Matrix
    iterations: int
    converged: bool
    log_likelihood: float


def _logistic(x: Matrix) -> Matrix:
    result: Matrix = 0.5 * (1.0 + np.tanh(0.5 * x))
    return result


#: Largest m·n·k of one matrix product: OpenBLAS runs smaller ones on one thread. On a loaded
#: machine its threads made a fit fifty times slower; products are cut into blocks of pupils.
_BLAS_SINGLE_THREAD = 1 << 18


def _rows_per_block(inner: int, outer: int) -> int:
    return max(1, _BLAS_SINGLE_THREAD // max(1, inner * outer))


def _product(x: Matrix, y: Matrix) -> Matrix:
    """x @ y, by blocks of rows of x."""
    rows = _rows_per_block(x.shape[1], y.shape[1])
    if len(x) <= rows:
        result: Matrix = x @ y
        return result
    return np.concatenate([x[i : i + rows] @ y for i in range(0, len(x), rows)])


def _transposed_product(x: Matrix, y: Matrix) -> Matrix:
    """x.T @ y, summed over blocks of rows of both."""
    rows = _rows_per_block(x.shape[1], y.shape[1])
    result = np.zeros((x.shape[1], y.shape[1]))
    for i in range(0, len(x), rows):
        result += x[i : i + rows].T @ y[i : i + rows]
    return result


def _posterior(
    right: Matrix, given: Matrix, a: Matrix, d: Matrix, nodes: Matrix, log_prior: Matrix
) -> tuple[Matrix, Matrix, float]:
    """(posterior weights pupils × points, P items × points, the marginal log-likelihood)."""
    p = np.clip(_logistic(np.outer(a, nodes) + d[:, None]), 1e-12, 1.0 - 1e-12)
    log_wrong = np.log1p(-p)
    log_like = _product(right, np.log(p) - log_wrong) + _product(given, log_wrong) + log_prior
    top = log_like.max(axis=1, keepdims=True)
    weights = np.exp(log_like - top)
    total = weights.sum(axis=1, keepdims=True)
    weights /= total
    return weights, p, float((np.log(total) + top).sum())


def fit_2pl(
    answers: Matrix,
    *,
    quadrature_points: int = QUADRATURE_POINTS,
    max_iterations: int = 500,
    tolerance: float = 1e-4,
) -> Fit:
    """Calibrate the items (columns) of ``answers`` (pupils × items: 1 right, 0 wrong, NaN not
    given) by marginal maximum likelihood. Every column needs both right and wrong answers,
    every row at least one answer (the caller checks: :func:`check_matrix`)."""
    given = (~np.isnan(answers)).astype(np.float64)
    right = np.where(given > 0, answers, 0.0)
    nodes = np.linspace(-QUADRATURE_RANGE, QUADRATURE_RANGE, quadrature_points)
    prior = np.exp(-0.5 * nodes**2)
    log_prior = np.log(prior / prior.sum())
    # Start: a = 1, d from the share of right answers.
    share = np.clip(right.sum(axis=0) / given.sum(axis=0), 0.02, 0.98)
    a = np.ones(answers.shape[1])
    d = np.log(share / (1.0 - share)) * math.sqrt(1.0 + math.pi / 8.0)
    converged, iterations = False, 0
    for iterations in range(1, max_iterations + 1):  # noqa: B007 - reported
        weights, p, _ = _posterior(right, given, a, d, nodes, log_prior)
        n = _transposed_product(given, weights)  # items × points: expected pupils
        r = _transposed_product(right, weights)  # … and of them, right
        residual = r - n * p
        info = n * p * (1.0 - p)
        g_d, g_a = residual.sum(axis=1), residual @ nodes
        h_dd, h_da, h_aa = info.sum(axis=1), info @ nodes, info @ nodes**2
        det = h_dd * h_aa - h_da**2
        step_d = np.clip((h_aa * g_d - h_da * g_a) / det, -MAX_STEP, MAX_STEP)
        step_a = np.clip((h_dd * g_a - h_da * g_d) / det, -MAX_STEP, MAX_STEP)
        new_a = np.clip(a + step_a, MIN_DISCRIMINANT, MAX_DISCRIMINANT)
        new_d = d + step_d
        change = max(float(np.abs(new_a - a).max()), float(np.abs(new_d - d).max()))
        a, d = new_a, new_d
        if change < tolerance:
            converged = True
            break
    weights, p, log_likelihood = _posterior(right, given, a, d, nodes, log_prior)
    se_a, se_b = _standard_errors(right, given, weights, p, nodes, a, d)
    return Fit(a, -d / a, se_a, se_b, iterations, converged, log_likelihood)


def _standard_errors(
    right: Matrix,
    given: Matrix,
    weights: Matrix,
    p: Matrix,
    nodes: Matrix,
    a: Matrix,
    d: Matrix,
) -> tuple[Matrix, Matrix]:
    """Cross-product information of the pupils' scores, inverted; delta method to (a, b)."""
    expected = _product(weights, p.T)  # pupils × items: Σq w·P
    expected_theta = _product(weights, (p * nodes).T)  # Σq w·P·θ
    mean_theta = weights @ nodes  # pupils
    score_d = given * (right - expected)
    score_a = given * (right * mean_theta[:, None] - expected_theta)
    scores = np.concatenate((score_d, score_a), axis=1)
    information = _transposed_product(scores, scores)
    try:
        covariance = np.linalg.inv(information)
    except np.linalg.LinAlgError:
        covariance = np.linalg.pinv(information)
    items = len(a)
    var_d = np.diag(covariance)[:items]
    var_a = np.diag(covariance)[items:]
    cov_da = np.diag(covariance[:items, items:])
    # b = −d / a: ∂b/∂d = −1/a, ∂b/∂a = d/a².
    var_b = var_d / a**2 + var_a * d**2 / a**4 - 2.0 * cov_da * d / a**3
    return np.sqrt(np.abs(var_a)), np.sqrt(np.abs(var_b))


def check_matrix(answers: Matrix) -> None:
    """Refuse what :func:`fit_2pl` cannot fit: no pupil, no item, an empty row or column.

    :raises InvalidInputError: the first problem, in English.
    """
    if answers.ndim != 2 or 0 in answers.shape:
        raise InvalidInputError("no answers to calibrate from", code="BAD_RESPONSES")
    given = ~np.isnan(answers)
    if not given.any(axis=1).all():
        raise InvalidInputError("a pupil has no answer", code="BAD_RESPONSES")
    if not given.any(axis=0).all():
        raise InvalidInputError("an item has no answer", code="BAD_RESPONSES")
