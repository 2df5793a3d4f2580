"""The extractors are spaCy components a user can add to a pipeline of their own."""

from __future__ import annotations

import spacy

from extractors.registry import load_all
from pipeline.nlp import build_nlp

TEXT = ("Thực hiện Quy định số 98-QĐ/TW ngày 07/10/2017 của Bộ Chính trị, huyện đã điều động, "
        "luân chuyển 15 đồng chí. Đồng chí Nguyễn Văn Bình, Phó Chủ tịch UBND huyện, được điều động "
        "giữ chức Bí thư Đảng ủy xã.")


def test_all_three_extractors_are_registered():
    extractors = load_all()
    assert {e.fact_type for e in extractors.values()} == {"citation", "count", "official"}


def test_project_pipeline_has_the_components_in_order():
    assert build_nlp().pipe_names == ["rotation_citations", "rotation_counts", "rotation_officials"]


def test_components_work_in_a_users_own_blank_pipeline():
    load_all()
    nlp = spacy.blank("xx")  # whitespace tokenizer, no sentence boundaries
    nlp.add_pipe("rotation_citations")
    nlp.add_pipe("rotation_counts")
    doc = nlp(TEXT)
    assert [s.text.startswith("Quy định số 98-QĐ/TW") for s in doc.spans["citation"]] == [True]
    assert any(f.fields["value"] == 15 for f in doc._.rotation_facts if f.type == "count")


def test_the_spacy_pipeline_finds_what_extract_finds():
    """`rotation-facts extract` runs the extractors on the segmentation without spaCy; the spaCy
    pipeline must find the same facts, on the corpus and on every case table."""
    from conftest import CORPUS, case_articles
    from pipeline.runner import find_in
    from pipeline.stages.normalize import normalize
    from pipeline.inputs.read import read_articles

    nlp = build_nlp()
    compared = 0
    for raw in list(read_articles([str(CORPUS / "articles")])) + case_articles():
        text = normalize(raw.text).text
        facts = find_in(text)
        assert nlp(text)._.rotation_facts == facts, raw.doc_id
        compared += len(facts)
    assert compared > 500


def test_every_stage_entry_point_is_importable_from_pipeline():
    import pipeline

    for name in pipeline.__all__:
        assert getattr(pipeline, name) is not None, name
    assert callable(pipeline.find_facts) and callable(pipeline.write_records)


def test_the_stages_chained_by_hand_give_what_extract_text_gives(tmp_path):
    from pipeline import extract_text, find_facts, normalize, read_articles, segment, to_records, write_records

    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    raw = next(read_articles([str(path)]))
    normalized = normalize(raw.text)
    facts, rejected = to_records("a", normalized, find_facts(segment(normalized.text)))  # every sentence whole
    assert not rejected
    assert [f.model_dump() for f in facts] == [f.model_dump() for f in extract_text(TEXT, doc_id="a")[1:]]
    out = tmp_path / "out.jsonl"
    assert write_records([facts], str(out)) == 1
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(facts)


PLUGIN = '''
from extractors.base import Extractor, Found

def find_headline_numbers(segmented):
    return [Found("count", s, e, (s, e), {"value": 1}) for s, e in segmented.sentences[:1]]

EXTRACTOR = Extractor("plugin_probe", "count", find_headline_numbers)
'''


def test_an_installed_entry_point_adds_an_extractor(tmp_path, monkeypatch):
    """A package that declares an extractor under the `rotation_facts.extractors` entry-point
    group is found by importlib.metadata, as an installed distribution would be."""
    import sys

    from extractors import registry

    (tmp_path / "plugin_probe_mod.py").write_text(PLUGIN, encoding="utf-8")
    dist = tmp_path / "plugin_probe-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: plugin-probe\nVersion: 0.1\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        "[rotation_facts.extractors]\nplugin_probe = plugin_probe_mod:EXTRACTOR\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "_plugins_loaded", False)
    monkeypatch.setattr(registry, "EXTRACTORS", dict(registry.EXTRACTORS))
    try:
        names = list(registry.load_all())
        assert names == ["rotation_citations", "rotation_counts", "rotation_officials", "plugin_probe"]
        from pipeline.runner import find_in

        assert any(f.fields == {"value": 1} for f in find_in(TEXT))
    finally:
        sys.modules.pop("plugin_probe_mod", None)


def test_register_refuses_what_is_not_an_extractor():
    import pytest

    from extractors.registry import register

    with pytest.raises(TypeError):
        register(lambda segmented: [])
