"""The shipped registry: the organisations the reference names, each label with its source."""

from __future__ import annotations

from urllib.parse import urlsplit

from generator.records.model import Registry
from generator.records.status import assess_all
from generator.records.validate import validate
from tests.conftest import REGISTRY, SHIPPED_DATE

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
    result = validate(REGISTRY, build_date=SHIPPED_DATE)
    assert result.errors == [] and result.warnings == []
    assert result.registry is not None
    return result.registry


def test_registry_holds_every_reference_organisation_with_a_country() -> None:
    assert {c.id for c in shipped().clusters} >= REFERENCE_IDS


def test_every_label_cites_a_document_or_says_why_not() -> None:
    for cluster in shipped().clusters:
        assert cluster.checked is not None, cluster.id
        for index, label in enumerate(cluster.labels):
            where = f"{cluster.id} labels[{index}]"
            if label.source is None:
                assert label.note, where
                continue
            address = urlsplit(label.source.url)
            assert address.path not in ("", "/") or address.query, where
            quote = label.source.quote
            assert quote is None or len(quote) <= 300, where


def test_statuses_on_the_test_day() -> None:
    registry = shipped()
    standings = assess_all(registry, SHIPPED_DATE)
    assert standings["hamburg-aviation"].status == "valid"
    assert standings["hamburg-aviation"].current == registry.by_id()["hamburg-aviation"].labels[-1]
    assert standings["silicon-saxony"].status == "expired"
    assert standings["smart-industries-mannheim"].status == "undetermined"
    # a year-only award plus the default validity is not read in the label's favour
    assert standings["energy-cluster-denmark"].status == "may-have-expired"
    assert standings["food-bio-cluster-denmark"].status == "may-have-expired"


def test_levels_and_sectors() -> None:
    registry = shipped()
    assert list(registry.levels) == ["bronze", "silver", "gold"]
    assert registry.levels["gold"].motto == "Proven for Cluster Excellence"
    assert len(registry.sectors) == 14
