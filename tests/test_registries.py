from __future__ import annotations

from typing import BinaryIO

import attrs
import pytest

from pixorga_core.domain.imports import ImportBatch
from pixorga_core.domain.referential import Referential
from pixorga_core.errors import PluginError
from pixorga_core.registries import (
    AlgorithmRegistry,
    IdentityProviderRegistry,
    ReferentialRegistry,
    StudentSource,
    StudentSourceRegistry,
)


@attrs.define
class FakeSource:
    name: str
    label: str = "Source de test"
    marker: bytes = b"<"

    def accepts(self, head: bytes, filename: str) -> bool:
        return head.startswith(self.marker)

    def read(self, stream: BinaryIO, organization: object, filename: str) -> ImportBatch:
        return ImportBatch(source=self.name)


def test_add_get_and_order():
    registry = StudentSourceRegistry()
    xml, csv = FakeSource("siecle-xml"), FakeSource("siecle_csv")
    registry.add(xml)
    registry.add(csv)
    assert registry.get("siecle-xml") is xml
    assert registry.names() == ["siecle-xml", "siecle_csv"]
    assert list(registry) == [xml, csv]
    assert len(registry) == 2
    assert "siecle_csv" in registry
    assert "fregata" not in registry


def test_duplicate_name_is_refused():
    registry = AlgorithmRegistry()
    registry.add(FakeSource("smart-random"))
    with pytest.raises(PluginError) as info:
        registry.add(FakeSource("smart-random"))
    assert info.value.plugin == "smart-random"
    assert "smart-random" in info.value.message
    assert "assessment algorithm" in info.value.message
    assert len(registry) == 1


@pytest.mark.parametrize(
    "name",
    ["", "Siecle", "1siecle", "-siecle", "siecle xml", "siècle", "siecle.xml", "a" * 64, None, 42],
)
def test_invalid_name_is_refused(name):
    registry = IdentityProviderRegistry()
    with pytest.raises(PluginError) as info:
        registry.add(FakeSource(name))  # type: ignore[arg-type]
    assert "identity provider" in info.value.message
    assert len(registry) == 0


def test_object_without_name_is_refused():
    registry = StudentSourceRegistry()
    with pytest.raises(PluginError):
        registry.add(object())  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["a", "gar", "siecle-xml", "flash_v2", "a" + "b" * 62])
def test_valid_names_are_accepted(name):
    registry = StudentSourceRegistry()
    registry.add(FakeSource(name))
    assert registry.names() == [name]


def test_unknown_name_lists_the_registered_ones():
    registry = StudentSourceRegistry()
    registry.add(FakeSource("siecle-xml"))
    with pytest.raises(PluginError) as info:
        registry.get("fregata")
    assert "fregata" in info.value.message
    assert "siecle-xml" in info.value.message


def test_unknown_name_in_an_empty_registry():
    with pytest.raises(PluginError) as info:
        AlgorithmRegistry().get("flash")
    assert "none" in info.value.message


def test_source_for_picks_the_first_that_accepts():
    registry = StudentSourceRegistry()
    xml = FakeSource("xml", marker=b"<?xml")
    generic = FakeSource("generic", marker=b"")
    registry.add(xml)
    registry.add(generic)
    assert registry.source_for(b"<?xml version='1.0'?>", "eleves.xml") is xml
    assert registry.source_for(b"INE;Nom", "eleves.csv") is generic


def test_source_for_returns_none_when_nobody_accepts():
    registry = StudentSourceRegistry()
    registry.add(FakeSource("xml", marker=b"<?xml"))
    assert registry.source_for(b"PK\x03\x04", "eleves.zip") is None


def test_protocols_are_runtime_checkable():
    assert isinstance(FakeSource("xml"), StudentSource)
    assert not isinstance(object(), StudentSource)


def test_referential_registry():
    registry = ReferentialRegistry()
    demo = Referential(id="pix-demo", name="Démo")
    registry.add(demo)
    assert registry.get("pix-demo") is demo
    assert list(registry) == [demo]
    assert len(registry) == 1
    with pytest.raises(PluginError) as info:
        registry.add(Referential(id="pix-demo", name="Autre"))
    assert info.value.plugin == "pix-demo"
    with pytest.raises(PluginError) as info:
        registry.get("pix-core")
    assert "pix-core" in info.value.message


@attrs.define
class FakeProvider:
    name: str
    label: str = "Fournisseur de test"


@pytest.mark.parametrize("name", ["pix"])
def test_the_pix_identity_provider_name_is_reserved(name):
    registry = IdentityProviderRegistry()
    with pytest.raises(PluginError) as info:
        registry.add(FakeProvider(name))  # type: ignore[arg-type]
    assert "reserved" in info.value.message
    assert info.value.plugin == name
    assert len(registry) == 0


def test_identity_providers_are_named_by_their_registry_name():
    registry = IdentityProviderRegistry()
    registry.add(FakeProvider("gar"))  # type: ignore[arg-type]
    registry.add(FakeProvider("academie-lyon"))  # type: ignore[arg-type]
    assert registry.names() == ["gar", "academie-lyon"]
    assert registry.get("academie-lyon").name == "academie-lyon"


def test_configured_applies_a_campaigns_options_once_per_set_of_options():
    from pixorga_core.engine.flash import Flash
    from pixorga_core.errors import ConfigurationError
    from pixorga_core.registries import AlgorithmRegistry

    class Fixed:
        name = "fixed"
        label = "Sans options"

        def next_challenge(self, state, rng):
            return None

    registry = AlgorithmRegistry()
    registry.add(Flash())
    registry.add(Fixed())
    assert registry.configured("flash", {}) is registry.get("flash")
    short = registry.configured("flash", {"max_challenges": 3, "top": 1})
    assert (short.max_challenges, short.top) == (3, 1)
    assert registry.configured("flash", {"top": 1, "max_challenges": 3}) is short
    with pytest.raises(ConfigurationError, match=r"flash\.top must be at least 1"):
        registry.configured("flash", {"top": 0})
    with pytest.raises(PluginError, match="'fixed' takes no options"):
        registry.configured("fixed", {"length": 3})
    registry.configured_cache_size = 2
    for n in range(4, 8):
        registry.configured("flash", {"max_challenges": n})
    assert registry.configured("flash", {"max_challenges": 3, "top": 1}) is not short
