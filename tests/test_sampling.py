"""`review --sample N --stratify ...`: a stratified random sample of facts, and its frame in the page."""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.results.facts_file import load_run
from pipeline.results.review import build_review
from pipeline.results.sampling import allocate, draw_sample, parse_stratify, province_of
from schemas.records import ArticleRecord, CitationRecord, CountRecord, OfficialRecord

RECORDS = Path(__file__).resolve().parent / "fixtures" / "records"

# Our own sentences: one of each fact type, in a province named after its type word.
TEMPLATE = ("Tỉnh ủy {p} đã luân chuyển {n} đồng chí về xã theo Quy định số {k}-QĐ/TW. "
            "Ông Nguyễn Văn {g}, Bí thư Huyện ủy, được điều động làm Phó Bí thư Tỉnh ủy {p}.")
PROVINCES = ["Hà Tĩnh", "Nghệ An", "Sơn La"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Hùng", "Khánh", "Lan", "Long"]


def _fact(model, doc_id, text, phrase, **fields):
    start = text.index(phrase)
    return model(doc_id=doc_id, span=(start, start + len(phrase)), text=phrase, sentence=text,
                 sentence_span=(0, len(text)), **fields)


def make_run(folder: Path, n_articles: int = 30) -> tuple[Path, Path]:
    """A run of `n_articles` articles (JSONL input with URLs on two sites), 2 to 3 facts each."""
    articles, records = [], []
    for i in range(n_articles):
        doc_id, province = f"d{i:03}", PROVINCES[i % 3]
        text = TEMPLATE.format(p=province, n=i + 2, k=90 + i, g=GIVEN[i % 10])
        url = f"https://{'www.' if i % 2 else ''}site{i % 2}.vn/a/{i}"
        articles.append({"id": doc_id, "text": text, "url": url})
        facts = [_fact(CountRecord, doc_id, text, f"{i + 2} đồng chí", value=i + 2)]
        if i % 3 != 2:
            facts.append(_fact(CitationRecord, doc_id, text, f"Quy định số {90 + i}-QĐ/TW", kind="quy_dinh",
                               number=str(90 + i), ref=f"quy_dinh:{90 + i}"))
        if i % 2 == 0:
            name = f"Nguyễn Văn {GIVEN[i % 10]}"
            facts.append(_fact(OfficialRecord, doc_id, text, name, name=name, rotated=True))
        facts.sort(key=lambda f: f.span)
        records += [ArticleRecord(doc_id=doc_id, source=str(folder / "articles.jsonl"), line=i + 1, url=url,
                                  n_chars=len(text), n_facts=len(facts)), *facts]
    source = folder / "articles.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), "utf-8")
    facts_path = folder / "facts.jsonl"
    facts_path.write_text("".join(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records),
                          "utf-8")
    return facts_path, source


@pytest.fixture(scope="module")
def run_files(tmp_path_factory) -> tuple[Path, Path]:
    return make_run(tmp_path_factory.mktemp("sampling"))


def test_proportional_allocation_gives_each_stratum_its_share_and_at_least_one():
    sizes = {"a": 100, "b": 10, "c": 1}
    assert allocate(sizes, 20, "proportional") == {"a": 18, "b": 1, "c": 1}
    # shares 49.55, 4.955, 0.495: c gets its one, then the largest remainder (b's) the last draw
    assert allocate(sizes, 55, "proportional") == {"a": 49, "b": 5, "c": 1}
    assert allocate(sizes, 5, "proportional") == {"a": 3, "b": 1, "c": 1}
    assert allocate(sizes, 2, "proportional") == {"a": 2, "b": 0, "c": 0}  # fewer draws than strata
    assert allocate(sizes, 500, "proportional") == sizes  # all of them


def test_equal_allocation_shares_alike_and_gives_the_rest_of_a_small_stratum_to_the_others():
    sizes = {"a": 100, "b": 10, "c": 1}
    assert allocate(sizes, 30, "equal") == {"a": 19, "b": 10, "c": 1}
    assert allocate(sizes, 9, "equal") == {"a": 4, "b": 4, "c": 1}
    assert allocate({"a": 5, "b": 5}, 7, "equal") == {"a": 4, "b": 3}
    for n in range(0, 112):
        for how in ("proportional", "equal"):
            quota = allocate(sizes, n, how)
            assert sum(quota.values()) == n and all(0 <= quota[k] <= sizes[k] for k in sizes)


def test_the_sample_is_the_same_for_a_seed_and_follows_the_allocation(run_files):
    run = load_run(run_files[0])
    first = draw_sample(run, 20, seed=5, stratify=["type"], allocation="proportional")
    again = draw_sample(run, 20, seed=5, stratify=["type"], allocation="proportional")
    other = draw_sample(run, 20, seed=6, stratify=["type"], allocation="proportional")
    assert first.drawn == again.drawn and first.drawn != other.drawn and len(first.drawn) == 20
    sizes = Counter(f["type"] for e in run.values() for f in e.facts)
    assert {s.name: s.size for s in first.strata.values()} == {f"type={t}": n for t, n in sizes.items()}
    drawn_by_type = Counter(run[k].facts[i]["type"] for k, i in first.drawn)
    assert {f"type={t}": n for t, n in drawn_by_type.items()} == {s.name: s.drawn for s in first.strata.values()}
    assert first.frame_size == sum(sizes.values()) == 65
    equal = draw_sample(run, 21, seed=5, stratify=["type"], allocation="equal")
    assert sorted(s.drawn for s in equal.strata.values()) == [7, 7, 7]


def test_strata_by_source_site_and_province(run_files):
    facts, source = run_files
    run = load_run(facts)
    provinces = {k: province_of(json.loads(line)["text"])
                 for k, line in zip(run, source.read_text("utf-8").splitlines())}
    sample = draw_sample(run, 12, seed=1, stratify=parse_stratify("province,type,site,source"),
                         allocation="equal", provinces=provinces)
    names = set(sample.strata)
    assert f"type=count; source={source}; site=site0.vn; province=Hà Tĩnh" in names
    # articles i: province i % 3, site i % 2; a citation unless i % 3 == 2, an official when i is even:
    # of the 6 residues of i mod 6, 3 + 2 + 2 + 2 + 3 + 1 combinations of type, site and province
    assert len(names) == 13 and all(len(n.split("; ")) == 4 for n in names)
    assert sum(s.size for s in sample.strata.values()) == 65


def test_province_is_the_one_the_dataset_finds():
    """One answer to "which province is this article about": the review's strata and the
    dataset's article unit agree, ties and all."""
    from pipeline.results.article_unit import article_unit

    texts = ["UBND tỉnh Nghệ An làm việc với Tỉnh ủy Hà Tĩnh; Tỉnh ủy Hà Tĩnh kết luận.",
             "Tỉnh ủy Hà Tĩnh điều động cán bộ. Đoàn công tác của tỉnh Nghệ An đến thăm.",
             "Thành ủy Hải Phòng và tỉnh Quảng Ninh.", "TP.Hồ Chí Minh luân chuyển cán bộ.",
             "Huyện Sơn Tịnh luân chuyển cán bộ; huyện Sơn Tịnh cử 3 người.",
             "Huyện đã luân chuyển 5 cán bộ.", "hòa bình và ổn định"]
    for text in texts:
        assert province_of(text) == (article_unit([text]).province or "unknown"), text
    assert province_of(texts[0]) == "Hà Tĩnh"
    assert province_of(texts[1]) == "unknown"  # a tie: the dataset names no province, nor does the review
    assert province_of("TP. Hồ Chí Minh luân chuyển cán bộ.") == "Hồ Chí Minh"
    assert province_of(texts[4]) == "Quảng Ngãi"  # a district counts for its province
    assert province_of(texts[5]) == province_of(texts[6]) == "unknown"
    # read as the extractors read it: old tone placement, decomposed letters
    assert province_of("Tỉnh ủy Hoà Bình luân chuyển cán bộ.") == "Hòa Bình"
    assert province_of(unicodedata.normalize("NFD", texts[0])) == "Hà Tĩnh"
    assert province_of("Cán bộ được luân chuyển.", title="Tỉnh ủy Hà Tĩnh") == "Hà Tĩnh"


def test_parse_stratify():
    assert parse_stratify("type") == ["type"]
    assert parse_stratify("province, type") == ["type", "province"]
    assert parse_stratify("none") == []
    for bad in ("", "type,type", "kind", "none,type"):
        with pytest.raises(ValueError):
            parse_stratify(bad)


def test_the_page_shows_the_drawn_facts_and_the_sampling_frame(run_files):
    facts, source = run_files
    review = build_review(facts, [str(source)], sample=10, seed=2, stratify=["type"])
    page = review.html
    assert "a sample of 10 of 65 facts (seed 2)" in page
    assert "sampling frame: 10 of 65 facts, seed 2, stratified by type, proportional allocation" in page
    assert "<tr><td>type=count</td><td>30</td><td>5</td><td>6</td></tr>" in page  # N_h, n_h, weight
    data = json.loads(page.split('id="judge-data">', 1)[1].split("</script>", 1)[0])
    drawn = [f for a in data["articles"] for f in a["facts"] if f["sample"]["in_sample"]]
    assert len(drawn) == 10 and data["sampled_facts"] is True
    assert sum('<span class="drawn">in sample</span>' in s for s in review.sections) == len(review.sections)
    assert all(f["sample"]["frame_size"] == 65 for a in data["articles"] for f in a["facts"])


def test_article_sampling_still_works_and_pages_differ_in_identity(run_files):
    facts, source = run_files
    by_article = build_review(facts, [str(source)], sample=4, seed=1)
    assert by_article.articles == 4 and "a sample of 4 of 30 articles (seed 1)" in by_article.html

    def page_id(review):
        return json.loads(review.html.split('id="judge-data">', 1)[1].split("</script>", 1)[0])["page"]

    by_fact = build_review(facts, [str(source)], sample=4, seed=1, stratify=["type"])
    assert page_id(by_article) != page_id(by_fact) != page_id(build_review(facts, [str(source)], sample=4, seed=2,
                                                                            stratify=["type"]))
    assert page_id(by_fact) == page_id(build_review(facts, [str(source)], sample=4, seed=1, stratify=["type"]))


def test_cli_samples_facts(run_files, tmp_path, capsys):
    facts, source = run_files
    out = tmp_path / "review.html"
    assert main(["review", str(facts), "--articles", str(source), "-o", str(out), "--sample", "9", "--seed", "3",
                 "--stratify", "type,province", "--allocation", "equal"]) == 0
    assert "9 of 65 facts, seed 3, stratified by type, province, equal allocation" in out.read_text("utf-8")


@pytest.mark.parametrize("extra", [
    ["--stratify", "type"],                                  # no --sample
    ["--sample", "5", "--stratify", "colour"],
    ["--sample", "5", "--allocation", "equal"],               # --allocation without --stratify
    ["--sample", "0", "--stratify", "type"],
])
def test_cli_sampling_usage_errors(extra, tmp_path):
    argv = ["review", str(RECORDS / "run_new.jsonl"), "--articles", str(RECORDS / "articles.jsonl"),
            "-o", str(tmp_path / "r.html"), *extra]
    assert main(argv) == 2
