"""devset.py copied: a table row that repeats a page's clause is found, a stock phrase is not."""
import importlib.util
import json
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location("devset", Path(__file__).parent.parent / "corpus" / "devset" / "devset.py")
devset = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(devset)

PAGE = ("Sáng nay, Ban Thường vụ Tỉnh ủy tổ chức hội nghị công bố quyết định điều động ông Lê Văn A, "
        "Phó Giám đốc Sở Tài chính, về nhận công tác tại huyện miền núi và giữ chức Bí thư Huyện ủy.")
ROWS = [
    # the page's clause with the name swapped: copied
    {"id": "copied", "text": "Ban Thường vụ Tỉnh ủy tổ chức hội nghị công bố quyết định điều động ông Trần Văn B, "
                             "Phó Giám đốc Sở Tài chính, về nhận công tác tại huyện miền núi."},
    # a sentence of our own sharing only a body's name and a verb: not copied
    {"id": "own", "text": "Ông Trần Văn B, Phó Giám đốc Sở Tài chính, được điều động làm Chánh Văn phòng UBND tỉnh."},
]


def test_copied_rows_finds_a_page_clause_and_not_a_stock_phrase(tmp_path: Path) -> None:
    page = tmp_path / "p_001.txt"
    page.write_text(PAGE, encoding="utf-8")
    table = tmp_path / "table.jsonl"
    table.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in ROWS), encoding="utf-8")
    found = devset.copied_rows([page], [table])
    assert [line.split(":")[0] for line in found] == ["table.jsonl copied"]
    assert found[0].endswith("with p_001")
