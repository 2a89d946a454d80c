"""Helpers for the command-line tests: running `policyqa` in-process, and user documents of every
supported type."""

import pytest

from qa.cli import main

TXT = "甲区教育局2024年工作要点\n\n一、办学条件\n\n1.新建公办幼儿园5所，新增学位1200个。\n\n2.推进县管校聘改革。\n"
MD = "# 乙县课后服务管理办法\n\n## 总体要求\n\n课后服务实现义务教育学校全覆盖。\n\n## 收费\n\n课后服务费用按每生每学期300元收取。\n"
LINES = ["丙市教育局关于校园安全的通知", "一、安全检查", "1.每月开展一次校园安全隐患排查。"]


@pytest.fixture
def policyqa(capsys):
    """policyqa(*argv) -> (exit code, stdout, stderr)."""

    def run(*argv):
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def user_files(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "jia.txt").write_text(TXT, encoding="utf-8")
    (folder / "yi.md").write_text(MD, encoding="utf-8")
    import docx

    document = docx.Document()
    for line in LINES:
        document.add_paragraph(line)
    document.save(str(folder / "bing.docx"))
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(folder / "ding.pdf"))
    pdf.setFont("STSong-Light", 12)
    for i, line in enumerate(["丁县教育局2024年工作要点", "一、教师队伍", "1.招聘特岗教师80名。"]):
        pdf.drawString(50, 800 - 20 * i, line)
    pdf.save()
    return folder
