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
