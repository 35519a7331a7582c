"""HookRecorder: pytester's popcall and assert_contains over pixorga's hook calls."""

from __future__ import annotations

import pytest

from pixorga_core.testing import HookCall, HookRecorder, sample_school

Failed = pytest.fail.Exception


def recorder_of(*calls: tuple[str, dict[str, object]]) -> HookRecorder:
    return HookRecorder([HookCall(name, kwargs) for name, kwargs in calls])


def test_popcall_returns_and_removes_the_first_call_of_a_hook():
    recorder = recorder_of(
        ("pixorga_account_created", {"user": "a", "learner": None}),
        ("pixorga_learners_imported", {"organization": "o", "report": "r"}),
        ("pixorga_account_created", {"user": "b", "learner": None}),
    )
    assert recorder.popcall("pixorga_account_created").kwargs["user"] == "a"
    assert recorder.names() == ["pixorga_learners_imported", "pixorga_account_created"]
    assert recorder.popcall("pixorga_account_created").kwargs["user"] == "b"
    assert recorder.names() == ["pixorga_learners_imported"]


def test_popcall_fails_listing_the_recorded_calls():
    recorder = recorder_of(("pixorga_learners_imported", {"organization": "o", "report": "r"}))
    with pytest.raises(Failed) as failure:
        recorder.popcall("pixorga_account_created")
    message = str(failure.value)
    assert "no call of 'pixorga_account_created'" in message
    assert "pixorga_learners_imported(organization='o', report='r')" in message
    assert recorder.names() == ["pixorga_learners_imported"]


def test_popcall_on_an_empty_record_says_so():
    with pytest.raises(Failed, match=r"\(no hook call\)"):
        HookRecorder().popcall("pixorga_account_created")


def test_long_arguments_are_shortened_in_the_listing():
    recorder = recorder_of(("pixorga_account_created", {"user": "x" * 500, "learner": None}))
    with pytest.raises(Failed) as failure:
        recorder.popcall("pixorga_learners_imported")
    assert "x" * 500 not in str(failure.value)
    assert "…" in str(failure.value)


def test_assert_contains_evaluates_checks_over_the_arguments_and_the_callers_names():
    recorder = recorder_of(
        ("pixorga_account_created", {"user": "a", "learner": None}),
        ("pixorga_learners_imported", {"organization": "o", "report": 3}),
        ("pixorga_account_created", {"user": "b", "learner": None}),
    )
    expected_user = "b"  # noqa: F841 - read by the checks below
    recorder.assert_contains(
        [
            ("pixorga_account_created", "learner is None"),
            ("pixorga_learners_imported", "report == 3 and organization == 'o'"),
            ("pixorga_account_created", "user == expected_user"),
        ]
    )
    recorder.assert_contains([("pixorga_account_created", "user == expected_user")])
    recorder.assert_contains([])
    assert len(recorder.recorded) == 3, "assert_contains removes nothing"


def test_assert_contains_skips_calls_whose_check_is_false():
    recorder = recorder_of(
        ("pixorga_account_created", {"user": "a", "learner": None}),
        ("pixorga_account_created", {"user": "b", "learner": None}),
    )
    recorder.assert_contains([("pixorga_account_created", "user == 'b'")])


def test_assert_contains_respects_the_order():
    recorder = recorder_of(
        ("pixorga_learners_imported", {"organization": "o", "report": 3}),
        ("pixorga_account_created", {"user": "a", "learner": None}),
    )
    with pytest.raises(Failed) as failure:
        recorder.assert_contains(
            [
                ("pixorga_account_created", "True"),
                ("pixorga_learners_imported", "True"),
            ]
        )
    message = str(failure.value)
    assert "no call of 'pixorga_learners_imported' with 'True'" in message
    assert "after the previous match" in message
    assert "pixorga_account_created(user='a', learner=None)" in message


def test_assert_contains_fails_when_no_call_passes_the_check():
    recorder = recorder_of(("pixorga_account_created", {"user": "a", "learner": None}))
    with pytest.raises(Failed, match=r"no call of 'pixorga_account_created' with \"user == 'z'\""):
        recorder.assert_contains([("pixorga_account_created", "user == 'z'")])


def test_the_fixture_records_calls_through_pm(pm, hook_recorder):
    school = sample_school()
    pm.hook.pixorga_learners_imported(organization=school, report="report")
    pm.hook.pixorga_account_created(user="user", learner=None)
    hook_recorder.assert_contains(
        [
            ("pixorga_learners_imported", "organization is school"),
            ("pixorga_account_created", "learner is None"),
        ]
    )
    call = hook_recorder.popcall("pixorga_learners_imported")
    assert call == HookCall(
        "pixorga_learners_imported", {"organization": school, "report": "report"}
    )
    assert hook_recorder.names() == ["pixorga_account_created"]
