"""A loaded referential written back into files loads into an equal referential."""

from __future__ import annotations

import attrs
import pytest

from pixorga_core.defaults.referentials import demo_directory
from pixorga_core.referentials import load_referential
from pixorga_core.referentials.bank import write_documents
from pixorga_core.referentials.dump import referential_documents

from .conftest import MINI


@pytest.mark.parametrize("directory", [MINI, demo_directory()], ids=["mini", "demo"])
def test_written_back_it_loads_the_same(tmp_path, directory):
    referential = load_referential(directory)
    write_documents(referential_documents(referential), tmp_path)
    assert load_referential(tmp_path) == referential


def test_a_new_version_with_replaced_challenges_and_extensions(tmp_path):
    referential = load_referential(MINI)
    first = referential.challenges[0]
    changed = attrs.evolve(first, discriminant=1.7, difficulty=-0.3)
    documents = referential_documents(
        referential,
        version="2",
        challenges={first.id: changed},
        extensions={first.id: {"x-note": "calibrated"}},
        main_extensions={"x-source": "test"},
    )
    write_documents(documents, tmp_path)
    again = load_referential(tmp_path)
    assert again.version == "2"
    assert again.challenges_by_id[first.id] == changed
    assert again.challenges[1:] == referential.challenges[1:]
    assert documents.main["x-source"] == "test"
    written = [c for doc in documents.competences.values() for c in doc["challenges"]]
    assert written[0]["x-note"] == "calibrated"
