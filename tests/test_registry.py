"""The shipped registry: the organisations the reference names, each label with its source."""

from __future__ import annotations

from generator.model import Registry
from generator.validate import validate
from tests.conftest import BUILD_DATE, REGISTRY

REFERENCE_IDS = {
    "logistik-initiative-hamburg",
    "hamburg-aviation",
    "life-science-nord",
    "hamburg-at-work",
    "smart-industries-mannheim",
    "medizintechnologie-cluster-mannheim",
    "software-cluster",
    "silicon-saxony",
    "umweltcluster-bayern",
    "energy-cluster-denmark",
    "food-bio-cluster-denmark",
    "gce-ocean-technology",
    "gce-node",
    "femac-cat",
    "basque-energy-cluster",
    "energy-cluster-of-catalonia",
    "sustainable-habitat-cluster",
    "czech-optical-cluster",
    "czechemp",
}


def shipped() -> Registry:
    result = validate(REGISTRY, build_date=BUILD_DATE)
    assert result.errors == [] and result.warnings == []
    assert result.registry is not None
    return result.registry


def test_registry_holds_every_reference_organisation_with_a_country() -> None:
    assert {c.id for c in shipped().clusters} == REFERENCE_IDS


def test_every_label_has_an_https_source() -> None:
    for cluster in shipped().clusters:
        for label in cluster.labels:
            assert label.source.startswith("https://"), cluster.id


def test_statuses_on_the_test_day() -> None:
    clusters = shipped().by_id()
    assert clusters["hamburg-aviation"].status(BUILD_DATE) == "valid"
    assert clusters["hamburg-aviation"].current_label(BUILD_DATE) == clusters["hamburg-aviation"].labels[-1]
    assert clusters["silicon-saxony"].status(BUILD_DATE) == "expired"
    assert clusters["smart-industries-mannheim"].status(BUILD_DATE) == "undetermined"
    # stated validity (three years from 2021) wins over the two-year default
    logistics = clusters["logistik-initiative-hamburg"].labels[2]
    assert logistics.valid_until is not None and logistics.valid_until.iso() == "2024"
    assert not logistics.valid_until_is_default


def test_levels_and_sectors() -> None:
    registry = shipped()
    assert list(registry.levels) == ["bronze", "silver", "gold"]
    assert registry.levels["gold"].motto == "Proven for Cluster Excellence"
    assert len(registry.sectors) == 14
