from __future__ import annotations

from collections import Counter

from pixorga_core.engine.shuffle import option_order, original_index


def test_is_a_deterministic_permutation():
    order = option_order("assessment-42", "1.1-moteur-1-a", 4)
    assert sorted(order) == [0, 1, 2, 3]
    assert option_order("assessment-42", "1.1-moteur-1-a", 4) == order
    # A known value, so that the player and the simulator keep agreeing across versions.
    assert option_order(42, "c", 4) == option_order("42", "c", 4) == (3, 1, 2, 0)


def test_depends_on_the_assessment_and_the_challenge():
    orders = {option_order(seed, "c", 4) for seed in range(200)}
    assert len(orders) == 24  # every permutation of four proposals shows up
    assert len({option_order(1, f"c{i}", 5) for i in range(50)}) > 20


def test_every_position_is_equally_likely_to_show_the_first_proposal():
    first = Counter(option_order(seed, "c", 4).index(0) for seed in range(4000))
    assert all(900 < count < 1100 for count in first.values())


def test_original_index_maps_a_displayed_position_back():
    order = option_order("s", "c", 3)
    assert sorted(original_index(order, j) for j in (1, 2, 3)) == [1, 2, 3]
    assert original_index((2, 0, 1), 1) == 3
