"""Flash's ability estimate: the posterior on a θ grid, one step per answer, and its cache.

:class:`Grid` holds the grid and the prior; :meth:`Grid.step` adds one answer (the likelihood in
log space, so that no grid point underflows); :class:`PosteriorCache` keeps posteriors by answer
sequence, least recently used out, within a byte budget.
"""

from __future__ import annotations

import math
import struct
import threading
from collections import OrderedDict
from collections.abc import Sequence

import attrs
import numpy as np
import numpy.typing as npt

#: Error rate before any answer (the reference system's).
DEFAULT_ERROR_RATE = 5.0
#: Upper bound of the memory one Flash instance gives to cached posteriors.
POSTERIOR_CACHE_BYTES = 16 * 1024 * 1024
#: One answer in a cache key: discriminant, difficulty, right?
ANSWER = struct.Struct("<dd?")

Vector = npt.NDArray[np.float64]


@attrs.frozen(eq=False)
class Posterior:
    log_likelihood: Vector  #: of all the answers so far, on the grid points
    theta: float
    error_rate: float


@attrs.frozen(eq=False)
class Grid:
    """The grid and the prior: one posterior step per answer."""

    points: Vector
    prior_mean: float
    prior_variance: float
    recentre: bool
    sheppard: float  #: (step / 2)² / 12

    @classmethod
    def of(
        cls,
        *,
        grid_min: float,
        grid_max: float,
        grid_points: int,
        prior_mean: float,
        prior_variance: float,
        recentre_prior: bool,
    ) -> Grid:
        points = np.linspace(grid_min, grid_max, grid_points)
        half_step = (grid_max - grid_min) / (grid_points - 1) / 2
        return cls(points, prior_mean, prior_variance, recentre_prior, half_step**2 / 12.0)

    def start(self) -> Posterior:
        return Posterior(np.zeros_like(self.points), self.prior_mean, DEFAULT_ERROR_RATE)

    def step(self, before: Posterior, a: float, b: float, right: bool) -> Posterior:
        exponent = a * (b - self.points)  # log P(right) = −log(1 + e^exponent)
        log_likelihood = before.log_likelihood - np.logaddexp(0.0, exponent if right else -exponent)
        centre = before.theta if self.recentre else self.prior_mean
        log_weights = log_likelihood - (self.points - centre) ** 2 / (2.0 * self.prior_variance)
        weights = np.exp(log_weights - log_weights.max())
        weights /= weights.sum()
        theta = float(weights @ self.points)
        corrected = float(weights @ (self.points - theta) ** 2) - self.sheppard
        return Posterior(log_likelihood, theta, math.sqrt(corrected) if corrected > 0 else 0.0)

    def run(self, answers: Sequence[tuple[float, float, bool]]) -> Posterior:
        current = self.start()
        for a, b, right in answers:
            current = self.step(current, a, b, right)
        return current


class PosteriorCache:
    """Posteriors by answer sequence (packed as bytes), least recently used out, bounded in bytes.

    Each state extends the previous one's answers by one, so the estimate usually costs one grid
    step. Thread-safe; a miss only costs time.
    """

    def __init__(self, max_bytes: int = POSTERIOR_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._entries: OrderedDict[bytes, Posterior] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def cost(key: bytes, posterior: Posterior) -> int:
        # The key, the vector and its header, the entry object and the dictionary's slot.
        return len(key) + 33 + posterior.log_likelihood.nbytes + 112 + 64 + 100

    def get(self, key: bytes) -> Posterior | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: bytes, posterior: Posterior) -> None:
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = posterior
            self.bytes += self.cost(key, posterior)
            while self.bytes > self.max_bytes and self._entries:
                old_key, old = self._entries.popitem(last=False)
                self.bytes -= self.cost(old_key, old)

    def __len__(self) -> int:
        return len(self._entries)
