"""2PL calibration by marginal maximum likelihood: it recovers the parameters simulated answers
were drawn from, and refuses or leaves out, with the reason, what it cannot estimate."""

from __future__ import annotations

import numpy as np
import pytest

from pixorga_core.engine.calibration import fit_2pl
from pixorga_core.engine.responses import Response, calibrate, read_responses
from pixorga_core.errors import InvalidInputError


def simulated(pupils: int, items: int, seed: int = 3, missing: float = 0.0):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.8, 2.0, items)
    b = rng.normal(0.0, 1.0, items)
    theta = rng.normal(0.0, 1.0, pupils)
    p = 1.0 / (1.0 + np.exp(-a * (theta[:, None] - b)))
    answers = (rng.random((pupils, items)) < p).astype(np.float64)
    answers[rng.random((pupils, items)) < missing] = np.nan
    return a, b, answers


def rmse(x, y) -> float:
    return float(np.sqrt(np.mean((x - y) ** 2)))


def test_1000_pupils_60_items_recover_the_difficulties_and_discriminants():
    a, b, answers = simulated(1000, 60)
    fit = fit_2pl(answers)
    assert fit.converged
    assert rmse(fit.difficulty, b) < 0.2
    assert rmse(fit.discriminant, a) < 0.25
    # The standard errors say how far the estimates are: same order as the actual errors.
    assert 0.5 < float(np.mean(fit.difficulty_se)) / rmse(fit.difficulty, b) < 2.0
    assert 0.5 < float(np.mean(fit.discriminant_se)) / rmse(fit.discriminant, a) < 2.0


def test_answers_missing_as_in_an_adaptive_test_still_recover_the_difficulties():
    _, b, answers = simulated(1000, 60, seed=5, missing=0.5)
    fit = fit_2pl(answers)
    assert rmse(fit.difficulty, b) < 0.25


def responses_of(answers, names=None):
    names = names or [f"c{j}" for j in range(answers.shape[1])]
    return [
        Response(f"p{i}", names[j], bool(answers[i, j]))
        for i, j in zip(*np.nonzero(~np.isnan(answers)), strict=True)
    ]


def test_calibrate_leaves_out_what_it_cannot_estimate_and_says_why():
    _, _, answers = simulated(200, 10)
    responses = responses_of(answers)
    responses += [Response(f"p{i}", "easy", True) for i in range(200)]  # everyone right
    responses += [Response(f"p{i}", "hard", False) for i in range(40)]  # everyone wrong
    responses += [Response(f"p{i}", "rare", i % 2 == 0) for i in range(5)]  # too few
    responses += [Response("lonely", "easy", True)]  # only a left-out item: no information
    known = {f"c{j}" for j in range(10)} | {"easy", "hard", "rare", "unused"}
    calibration = calibrate(responses, known)
    assert sorted(i.challenge_id for i in calibration.items) == sorted(f"c{j}" for j in range(10))
    reasons = {i.challenge_id: i.reason for i in calibration.left_out}
    assert reasons == {
        "easy": "every answer is right: its difficulty cannot be estimated",
        "hard": "every answer is wrong: its difficulty cannot be estimated",
        "rare": "only 5 answers (at least 30 needed)",
    }
    assert (calibration.pupils, calibration.pupils_left_out) == (200, 1)
    assert calibration.responses == int((~np.isnan(answers)).sum())


def test_an_item_answered_at_random_is_left_out_as_not_discriminating():
    _, _, answers = simulated(600, 8, seed=9)
    rng = np.random.default_rng(1)
    noise = [Response(f"p{i}", "noise", bool(rng.random() < 0.5)) for i in range(600)]
    # Right exactly when the pupil is weak: a key that is wrong.
    inverted = [
        Response(f"p{i}", "inverted", not bool(np.nansum(answers[i]) > 4)) for i in range(600)
    ]
    calibration = calibrate(
        [*responses_of(answers), *noise, *inverted],
        {f"c{j}" for j in range(8)} | {"noise", "inverted"},
    )
    assert "inverted" in {i.challenge_id for i in calibration.left_out}
    assert len(calibration.items) >= 8


@pytest.mark.parametrize(
    ("responses", "message"),
    [
        ([], "no answers to calibrate from"),
        (
            [Response("p", "zz", True), Response("p", "yy", True)],
            "2 challenge(s) not in the referential: yy, zz",
        ),
        ([Response("p", "c0", True), Response("p", "c0", False)], "pupil 'p' answered 'c0' twice"),
        (
            [Response(f"p{i}", "c0", True) for i in range(40)],
            "no item can be calibrated: c0: every answer is right: its difficulty cannot be "
            "estimated",
        ),
    ],
)
def test_calibrate_refuses(responses, message):
    with pytest.raises(InvalidInputError) as raised:
        calibrate(responses, {"c0", "c1"})
    assert raised.value.message == message


def test_read_responses():
    text = "Pupil,Challenge,Correct\nanne,c1,1\nanne,c2,ko\nbob,c1,true\n"
    assert read_responses(text) == [
        Response("anne", "c1", True),
        Response("anne", "c2", False),
        Response("bob", "c1", True),
    ]


def test_read_the_steps_of_pixorga_simulate():
    text = (
        "algorithm,pupil,step,challenge,right,estimate,standard_error\n"
        "flash,0,0,,,0.0,5.0\n"
        "flash,0,1,q1,1,0.5,1.2\n"
        "smart-random,0,1,q1,0,-0.5,\n"
    )
    assert read_responses(text) == [
        Response("flash/0", "q1", True),
        Response("smart-random/0", "q1", False),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "pupil,challenge\nanne,c1\n",
            "the responses need the columns pupil, challenge and correct (missing: correct)",
        ),
        (
            "pupil,challenge,correct\nanne,c1,1\nbob,c1,maybe\n",
            "line 3: correct 'maybe' is not 1 or 0 (true/false, ok/ko)",
        ),
        ("pupil,challenge,correct\n,c1,1\n", "line 2: empty pupil or challenge"),
    ],
)
def test_read_responses_refuses(text, message):
    with pytest.raises(InvalidInputError) as raised:
        read_responses(text)
    assert raised.value.message == message
