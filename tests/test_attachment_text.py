"""The text read from inside attachments: every part of a file that is published with it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.comments import Comment
from pypdf import PdfWriter

from generator.attachment_text import MOST_ROWS_SHOWN, Unreadable, passages, table_rows

ID_NUMBER = "110101199003071234"


def _texts(path: Path) -> list[str]:
    return [text for _, _, text in passages(path)]


def test_a_text_file_saved_as_utf16_is_read(tmp_path):
    path = tmp_path / "名单.txt"
    path.write_text(f"张三 {ID_NUMBER}\n", encoding="utf-16")
    assert _texts(path) == [f"张三 {ID_NUMBER}"]


def test_a_spreadsheet_is_read_with_its_sheet_names_comments_headers_and_properties(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = f"名单{ID_NUMBER[:6]}"
    sheet["A1"] = "张三"
    sheet["A1"].comment = Comment(f"身份证{ID_NUMBER}", "书记员")
    sheet.oddFooter.center.text = "联系13912345678"
    book.properties.creator = "李四 13800001111"
    book.save(tmp_path / "a.xlsx")
    texts = " ".join(_texts(tmp_path / "a.xlsx"))
    for expected in ("张三", f"名单{ID_NUMBER[:6]}", ID_NUMBER, "13912345678", "李四 13800001111"):
        assert expected in texts


def test_a_spreadsheet_is_read_with_its_charts_links_and_numbers_typed_as_numbers(tmp_path):
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    sheet = book.active
    sheet.append(["户数", 3])
    sheet["D2"] = int(ID_NUMBER)  # kept as a float: read as 1.101011990030712e+17
    sheet["A5"] = "拨打"
    sheet["A5"].hyperlink = "tel:13912345678"
    chart = BarChart()
    chart.title = "联系人电话13800001111"
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=1))
    sheet.add_chart(chart, "F2")
    book.save(tmp_path / "a.xlsx")
    texts = " ".join(_texts(tmp_path / "a.xlsx"))
    assert ID_NUMBER[:14] in texts and "tel:13912345678" in texts and "联系人电话13800001111" in texts


def test_a_spreadsheet_whose_file_says_it_holds_one_cell_is_read_whole(tmp_path):
    # Some programs that export workbooks write <dimension ref="A1"/>, and openpyxl, reading fast, read A1 alone.
    book = Workbook()
    book.active.append(["姓名", "身份证号", "电话"])
    book.active.append(["张三", ID_NUMBER, "13912345678"])
    book.save(tmp_path / "a.xlsx")
    _rewrite_part(tmp_path / "a.xlsx", "xl/worksheets/sheet1.xml",
                  lambda xml: xml.replace('<dimension ref="A1:C2" />', '<dimension ref="A1" />'))
    texts = " ".join(_texts(tmp_path / "a.xlsx"))
    assert ID_NUMBER in texts and "13912345678" in texts


def _rewrite_part(path: Path, name: str, change) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    changed = change(parts[name].decode("utf-8"))
    assert changed != parts[name].decode("utf-8")
    parts[name] = changed.encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def test_a_pdf_is_read_with_the_notes_on_its_pages(tmp_path):
    from pypdf.annotations import FreeText, Text

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_annotation(0, FreeText(text=f"张三 身份证 {ID_NUMBER}", rect=(50, 550, 200, 650)))
    writer.add_annotation(0, Text(text="手机 13912345678", rect=(50, 450, 70, 470)))
    writer.write(tmp_path / "a.pdf")
    texts = " ".join(_texts(tmp_path / "a.pdf"))
    assert ID_NUMBER in texts and "13912345678" in texts


def test_a_word_file_is_read_with_its_headers_footers_and_properties(tmp_path):
    path = tmp_path / "a.docx"
    paragraph = '<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:body></w:document>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", paragraph.format("正文"))
        archive.writestr("word/header1.xml", paragraph.replace("document", "hdr").format(f"页眉{ID_NUMBER}"))
        archive.writestr("word/footer2.xml", paragraph.replace("document", "ftr").format("页脚 &amp; 13912345678"))
        archive.writestr("docProps/core.xml", '<cp:coreProperties xmlns:cp="c" xmlns:dc="d">'
                         '<dc:creator>王五 13800001111</dc:creator></cp:coreProperties>')
    assert _texts(path) == ["正文", f"页眉{ID_NUMBER}", "页脚 & 13912345678", "王五 13800001111"]


def test_a_word_paragraph_is_read_past_a_text_box_inside_it(tmp_path):
    path = tmp_path / "a.docx"
    xml = ('<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>联系人</w:t></w:r><w:txbxContent><w:p><w:r><w:t>图注'
           '</w:t></w:r></w:p></w:txbxContent><w:r><w:t>电话13912345678</w:t></w:r></w:p></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", xml)
    assert "电话13912345678" in " ".join(_texts(path))


def test_a_pdf_is_read_with_where_its_links_lead(tmp_path):
    # 点此联系张三 led to tel:13911118004, which a viewer dials; it was published unread.
    from pypdf.annotations import Link

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_annotation(0, Link(rect=(50, 550, 200, 650), url="tel:13911118004"))
    writer.write(tmp_path / "a.pdf")
    assert "tel:13911118004" in _texts(tmp_path / "a.pdf")


def test_the_description_of_a_picture_in_a_word_file_or_a_spreadsheet_is_read(tmp_path):
    # 替换文字: Word shows it in its pane, a screen reader reads it out.
    path = tmp_path / "a.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", '<w:document xmlns:w="w" xmlns:wp="p"><w:body><w:p><w:r><w:drawing>'
                         f'<wp:docPr id="1" name="图片 1" descr="张三身份证{ID_NUMBER}"/></w:drawing></w:r></w:p>'
                         '</w:body></w:document>')
    assert f'descr="张三身份证{ID_NUMBER}"' in _texts(path)
    book = Workbook()
    book.save(tmp_path / "b.xlsx")
    with zipfile.ZipFile(tmp_path / "b.xlsx", "a") as archive:
        archive.writestr("xl/drawings/drawing1.xml", '<xdr:wsDr xmlns:xdr="x"><xdr:pic><xdr:cNvPr id="2" '
                         'name="Picture 1" descr="联系13911118004"/></xdr:pic></xdr:wsDr>')
    assert 'descr="联系13911118004"' in _texts(tmp_path / "b.xlsx")


def test_a_forms_row_of_boxes_one_digit_each_is_read_as_one_number(tmp_path):
    # The 18 boxes of 公民身份号码 and the 11 of a phone, read one by one, gave no number whole.
    book = Workbook()
    book.active.append(["公民身份号码", *ID_NUMBER])
    book.active.append(["联系电话", *"13911110001", "备注"])
    book.active.append(["楼栋", 1, 2, 3])
    book.active.append(["1栋垃圾房", 1, 3, 4, 2, 5, 3, 4, 5, 3, 2, 4, "合计36吨"])  # a month's tonnes a digit each
    book.save(tmp_path / "a.xlsx")
    texts = _texts(tmp_path / "a.xlsx")
    assert f"公民身份号码 {' '.join(ID_NUMBER)}" in texts and f"联系电话 {' '.join('13911110001')}" in texts
    assert not any(text.startswith(("楼栋 ", "1栋垃圾房 ")) for text in texts)  # three boxes, or no number named
    cells = "".join(f"<w:p><w:r><w:t>{box}</w:t></w:r></w:p>" for box in ["公民身份号码", *ID_NUMBER, "住址"])
    with zipfile.ZipFile(tmp_path / "a.docx", "w") as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="w"><w:body>{cells}</w:body></w:document>')
    assert f"公民身份号码 {' '.join(ID_NUMBER)}" in _texts(tmp_path / "a.docx")


def test_a_spreadsheets_cell_broken_over_lines_inside_a_number_is_read_whole(tmp_path):
    # Excel's Alt+Enter: the table on the page showed 139 1111 0101; the lines were read apart.
    path = tmp_path / "名单.csv"
    path.write_text('姓名,联系电话,备注\n张三,"139\n1111\n0101",3栋\n李四,"110101\n199003075555","住\n3栋"\n',
                    encoding="utf-8")
    texts = _texts(path)
    assert "13911110101" in texts and "110101199003075555" in texts
    assert [line for line, _, text in passages(path) if text == "110101199003075555"] == [5]
    book = Workbook()
    book.active.append(["身份证号", "110101\n199003075555", "13912345678\n13987654321", "3栋302\n13912345678"])
    book.save(tmp_path / "a.xlsx")
    texts = _texts(tmp_path / "a.xlsx")
    assert "110101199003075555" in texts
    # Digits that make no number joined are left apart: two phones a line each, a room above a phone.
    assert "13912345678\n13987654321" in texts and "3栋302\n13912345678" in texts


def test_a_csv_forms_row_of_boxes_one_digit_each_is_read_as_one_number(tmp_path):
    path = tmp_path / "值班.csv"
    path.write_text("值班手机,1,3,9,1,2,3,4,5,6,7,8\n楼栋,1,2,3\n", encoding="utf-8")
    assert (1, "", "值班手机 1 3 9 1 2 3 4 5 6 7 8") in passages(path)


def test_a_pdf_is_read_with_its_properties(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Author": f"赵六{ID_NUMBER}"})
    writer.write(tmp_path / "a.pdf")
    assert f"赵六{ID_NUMBER}" in _texts(tmp_path / "a.pdf")


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_a_pdf_locked_only_against_changes_is_read_and_one_that_needs_a_password_cannot_be(tmp_path, algorithm):
    for name, password in (("open.pdf", ""), ("locked.pdf", "secret")):
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        writer.add_metadata({"/Title": "名单13912345678"})
        writer.encrypt(user_password=password, owner_password="owner", algorithm=algorithm)
        writer.write(tmp_path / name)
    assert "名单13912345678" in _texts(tmp_path / "open.pdf")
    with pytest.raises(Unreadable, match="it could not be read: it is locked with a password"):
        passages(tmp_path / "locked.pdf")


def _pdf_with_text(path: Path, text: str) -> None:
    import weasyprint

    weasyprint.HTML(string=f"<p>{text}</p>").write_pdf(path)


def test_a_pdf_is_read_with_its_bookmarks_and_the_files_attached_to_it(tmp_path):
    # Both are shown by a PDF viewer, and both were published unread.
    _pdf_with_text(tmp_path / "a.pdf", "名单见附件")
    writer = PdfWriter(clone_from=tmp_path / "a.pdf")
    writer.add_outline_item(title="联系人王五 13711112311", page_number=0)
    writer.add_attachment("名单.csv", f"姓名,身份证号\n张三,{ID_NUMBER}\n".encode("utf-8"))
    writer.write(tmp_path / "b.pdf")
    read = passages(tmp_path / "b.pdf")
    assert (0, "a bookmark", "联系人王五 13711112311") in read
    assert (0, "名单.csv, a file embedded in it", f"张三,{ID_NUMBER}") in read


def test_a_pdf_saved_over_itself_is_read_with_what_its_earlier_version_had(tmp_path):
    # Acrobat's Save appends the changes: the number deleted from the page is in the file still.
    _pdf_with_text(tmp_path / "a.pdf", f"张三 身份证{ID_NUMBER}")
    writer = PdfWriter(tmp_path / "a.pdf", incremental=True)
    writer.pages[0].replace_contents(PdfWriter(clone_from=_blank_pdf(tmp_path)).pages[0].get_contents())
    writer.write(tmp_path / "a.pdf")
    texts = _texts(tmp_path / "a.pdf")
    assert f"张三 身份证{ID_NUMBER}" in texts
    assert ("page 1, in an earlier version the file keeps" in
            {place for _, place, text in passages(tmp_path / "a.pdf") if ID_NUMBER in text})


def _blank_pdf(folder: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(folder / "blank.pdf")
    return folder / "blank.pdf"


def test_a_word_file_is_read_with_the_workbook_of_its_chart_and_one_with_an_object_that_cannot_be_is_unreadable(
        tmp_path):
    book = Workbook()
    book.active.append(["身份证号", ID_NUMBER])
    book.save(tmp_path / "chart.xlsx")
    with zipfile.ZipFile(tmp_path / "a.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>见图表</w:t></w:r></w:p>"
                                              "</w:body></w:document>")
        archive.write(tmp_path / "chart.xlsx", "word/embeddings/Microsoft_Excel_Worksheet.xlsx")
    assert ID_NUMBER in " ".join(_texts(tmp_path / "a.docx"))
    with zipfile.ZipFile(tmp_path / "a.docx", "a") as archive:
        archive.writestr("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0")
    with pytest.raises(Unreadable, match="it holds a file embedded in it, oleObject1.bin, and a .bin file cannot be "
                                         "read") as unreadable:
        passages(tmp_path / "a.docx")
    assert "print it to a new PDF" in unreadable.value.hint


@pytest.mark.parametrize("name", ["通知.doc", "材料.zip", "说明.rtf", "README"])
def test_a_file_of_a_kind_that_is_never_read_is_unreadable(tmp_path, name):
    (tmp_path / name).write_bytes(b"\xd0\xcf\x11\xe0 13912345678")
    with pytest.raises(Unreadable, match="cannot be read") as unreadable:
        passages(tmp_path / name)
    assert not unreadable.value.damaged


@pytest.mark.parametrize("name", ["照片.jpg", "平面图.bmp", "现场.heic", "扫描件.tif", "录音.mp3", "视频.mp4"])
def test_pictures_sound_and_video_are_not_read_at_all(tmp_path, name):
    (tmp_path / name).write_bytes(b"\xff\xd8\xff 13912345678")
    assert passages(tmp_path / name) == []


def test_a_damaged_pdf_is_unreadable_and_says_so_once(tmp_path, caplog):
    (tmp_path / "方案.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    with pytest.raises(Unreadable, match="it could not be read") as unreadable:
        passages(tmp_path / "方案.pdf")
    assert unreadable.value.damaged
    assert [record.getMessage() for record in caplog.records] == []  # pypdf's own complaints are not printed too


@pytest.mark.parametrize("name, inside", [("fangan.docx", "word/document.xml"),
                                          ("mingdan.xlsx", "xl/worksheets/sheet1.xml"),
                                          ("jihua.docx", "word/_rels/document.xml.rels")])
def test_an_office_file_whose_text_unpacks_to_more_than_any_document_holds_is_unreadable_not_read(tmp_path, name,
                                                                                                    inside):
    # A 1 MB .docx unpacking to 1 GB ran check for ten minutes and took 4 GB of memory.
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(inside, b"<w>" + b"a" * (65 * 2**20) + b"</w>")
    assert path.stat().st_size < 2**20
    with pytest.raises(Unreadable, match="its text unpacks to 65 MB, more than any document holds") as unreadable:
        passages(path)
    assert unreadable.value.damaged


def test_a_csv_file_saved_by_a_chinese_spreadsheet_is_read_as_its_rows_blank_ones_left_out(tmp_path):
    path = tmp_path / "进度.csv"
    path.write_bytes("单元,阶段,说明\r\n3栋1单元, 管线迁改 ,\"燃气、给水\r\n管道迁移\"\r\n,,\r\n5栋1单元,基础施工\r\n".encode("gbk"))
    assert table_rows(path) == [["单元", "阶段", "说明"], ["3栋1单元", "管线迁改", "燃气、给水\r\n管道迁移"],
                                ["5栋1单元", "基础施工", ""]]
    tab_separated = tmp_path / "进度.TSV"
    tab_separated.write_text("单元\t阶段\n3栋\t验收\n", encoding="utf-16")
    assert table_rows(tab_separated) == [["单元", "阶段"], ["3栋", "验收"]]


def test_excels_separator_line_and_a_title_row_above_a_csvs_heading_are_left_out(tmp_path):
    path = tmp_path / "分摊.csv"
    path.write_text("sep=,\n加装电梯费用分摊表,,\n楼层,户数,每户分摊\n2楼,2,3000\n", encoding="utf-8-sig")
    assert table_rows(path) == [["楼层", "户数", "每户分摊"], ["2楼", "2", "3000"]]


@pytest.mark.parametrize("name, text", [
    ("heading-only.csv", "单元,阶段\n"),
    ("too-long.csv", "序号\n" + "".join(f"{n}\n" for n in range(MOST_ROWS_SHOWN + 1))),
    ("too-wide.csv", ",".join(f"列{n}" for n in range(11)) + "\n" + ",".join("1" * 11) + "\n"),
    ("with-a-nul.csv", "单元,阶段\n3栋\0,验收\n"),
    ("notes.txt", "单元,阶段\n3栋,验收\n"),
])
def test_a_file_that_is_no_table_to_show_gives_no_rows(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert table_rows(path) is None


def test_a_word_line_break_or_tab_sets_what_follows_apart(tmp_path):
    # Dropped, they ran a phone into the date after it (published in full), and figures a line each into a phone.
    path = tmp_path / "a.docx"
    body = ("<w:p><w:r><w:t>联系电话：13912345678</w:t><w:br/><w:t>2026年11月25日</w:t></w:r></w:p>"
            "<w:p><w:r><w:t>1502</w:t><w:tab/><w:t>136</w:t><w:tab/><w:t>2448</w:t></w:r></w:p>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", f'<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>')
    assert _texts(path) == ["联系电话：13912345678", "2026年11月25日", "1502\t136\t2448"]


def test_a_row_of_boxes_is_read_after_a_label_that_names_a_number_each_run_of_it(tmp_path):
    book = Workbook()
    book.active.append(["电话报修（次）", 1, 3, 4, 2, 5, 3, 4, 5, 3, 2, 4, 36])  # a month's figures: no number named
    book.active.append(["身份证号码", *ID_NUMBER, "联系电话", *"13912345678"])
    book.save(tmp_path / "a.xlsx")
    texts = _texts(tmp_path / "a.xlsx")
    assert f"身份证号码 {' '.join(ID_NUMBER)}" in texts and f"联系电话 {' '.join('13912345678')}" in texts
    assert not any(text.startswith("电话报修（次） ") for text in texts)
    path = tmp_path / "名单.csv"  # the label over two merged cells: the second is empty
    path.write_text("联系电话,,1,3,9,1,2,3,4,5,6,7,8\n", encoding="utf-8")
    assert (1, "", "联系电话 1 3 9 1 2 3 4 5 6 7 8") in passages(path)
