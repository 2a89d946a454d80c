import pytest

from qa.corpus.manifest import doc_id_from_name, document_meta, infer_meta
from qa.errors import ManifestError

HEADER = """郑州市惠济区教育局文件

惠教〔2023〕4号

关于印发《惠济区教育局2023年工作要点》的通知

2023年2月15日

惠济区教育局 2023 年工作要点
"""


def test_infers_title_issuer_place_doc_number_date_and_year_from_the_text():
    assert infer_meta(HEADER) == {
        "title": "惠济区教育局2023年工作要点",  # what the notice issues is what people cite
        "issuer": "郑州市惠济区教育局",  # the red header "…文件"
        "doc_number": "惠教〔2023〕4号",
        "date": "2023-02-15",
        "year": 2023,
        "kind": "工作要点",
        "level": "工作要点",
        "city": "郑州",
        "district": "惠济区",
    }


def test_a_manifest_beside_the_document_wins_over_the_text(tmp_path):
    document = tmp_path / "huiji.txt"
    document.write_text(HEADER, encoding="utf-8")
    (tmp_path / "huiji.toml").write_text(
        'doc_id = "huiji-2023"\ntitle = "惠济区教育局2023年工作要点"\ncity = "郑州"\ndate = 2023-02-16\n',
        encoding="utf-8",
    )
    meta = document_meta(document, HEADER, "huiji.txt", overrides={"city": "惠济"})
    assert (meta.doc_id, meta.title, meta.city, meta.date, meta.year) == (
        "huiji-2023",
        "惠济区教育局2023年工作要点",
        "郑州",
        "2023-02-16",
        2023,
    )


def test_command_line_overrides_win_over_the_text(tmp_path):
    document = tmp_path / "notes.txt"
    meta = document_meta(document, HEADER, "notes.txt", overrides={"title": "我的文件", "year": "2024"})
    assert (meta.doc_id, meta.title, meta.year) == ("notes", "我的文件", 2024)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ('title = "x"\ntitle = "y"\n', "malformed TOML"),
        ('titel = "x"\n', "unknown keys titel"),
        ('year = "twenty"\n', "year must be a whole number between 1900 and 2100, got 'twenty' \\(str\\)"),
        ('doc_id = "a b/c"\n', "doc_id must be a string of letters"),
        # typed before the index is touched: each of these used to be accepted
        ('city = ["衡阳", "长沙"]\n', r"city must be a string, got \['衡阳', '长沙'\] \(list\)"),
        ("title = 123\n", r"title must be a string, got 123 \(int\)"),
        ("doc_id = 42\n", r"doc_id must be a string of letters, digits, '_' and '-', got 42 \(int\)"),
        ('aliases = "衡阳要点"\n', r"aliases must be a list of strings, got '衡阳要点' \(str\)"),
        ("year = 2022.7\n", r"year must be a whole number between 1900 and 2100, got 2022.7 \(float\)"),
        ("year = true\n", r"year must be a whole number"),
    ],
)
def test_bad_manifests_are_refused_clearly(tmp_path, manifest, message):
    document = tmp_path / "doc.txt"
    (tmp_path / "doc.toml").write_text(manifest, encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        document_meta(document, HEADER, "doc.txt")


def test_doc_ids_from_file_names_keep_chinese_and_drop_punctuation(tmp_path):
    assert doc_id_from_name(tmp_path / "Work Points (2023).txt") == "work-points-2023"
    assert doc_id_from_name(tmp_path / "洛阳 工作要点.md") == "洛阳-工作要点"
