import re

import pytest
from conftest import PROJECT
from markdown.treeprocessors import InlineProcessor

from generator.cjk import join_wide_lines
from generator.markup import INLINE_PATTERNS, Markup, Unreadable, _converter, picture_references


def test_line_break_inside_chinese_paragraph_disappears():
    html = Markup().to_html("小区将于三月\n停水，请\n提前储水。\n")
    assert "<p>小区将于三月停水，请提前储水。</p>" in html


@pytest.mark.parametrize("text, html", [
    ("通知如下：\n1、第一条\n2、第二条", "<p>通知如下：<br>1、第一条<br>2、第二条</p>"),
    ("一、总则\n（一）第一款\n（二）第二款\n第三条 附则", "<p>一、总则<br>（一）第一款<br>（二）第二款<br>第三条 附则</p>"),
    ("时间：11月28日\n地点：3栋\n联系人：王师傅", "<p>时间：11月28日<br>地点：3栋<br>联系人：王师傅</p>"),
    ("• 项目一\n● 项目二\n① 项目三", "<p>• 项目一<br>● 项目二<br>① 项目三</p>"),
    ("本次\n2. 乙项", "<p>本次<br>2. 乙项</p>"),
    ("预计费用\n12.5万元，详见\n（共3页）附件", "<p>预计费用12.5万元，详见（共3页）附件</p>"),  # a wrapped sentence
    # A clause or a label starts a line only after a sentence's end or another such line: these are wrapped prose.
    ("根据议事规则\n第3项的规定办理", "<p>根据议事规则第3项的规定办理</p>"),
    ("现将有关事项通知\n如下：请各位业主", "<p>现将有关事项通知如下：请各位业主</p>"),
    ("以上事项。\n第三条 附则", "<p>以上事项。<br>第三条 附则</p>"),
])
def test_a_line_that_starts_as_a_numbered_point_a_bullet_or_a_label_stays_a_line_of_its_own(text, html):
    assert _tags(Markup().to_html(text)) == html


def test_a_sign_off_under_lines_kept_apart_keeps_its_lines_too():
    # The names and the date ran together once a numbered line above them was kept apart.
    html = Markup().to_html("以上事项，请知悉。\n\n1、请提前储水；\n2、请关闭水龙头。\n业主委员会\n物业服务中心\n2026年3月1日")
    assert _tags(html) == "<p>以上事项，请知悉。</p><p>1、请提前储水；<br>2、请关闭水龙头。<br>业主委员会<br>物业服务中心<br>" \
        "2026年3月1日</p>"


def test_a_list_or_a_table_right_under_a_line_of_text_is_one_and_text_right_under_a_table_is_a_paragraph():
    assert _tags(Markup().to_html("说明：\n- 甲项\n- 乙项")) == "<p>说明：</p><ul><li>甲项</li><li>乙项</li></ul>"
    html = Markup().to_html("费用如下：\n| 项目 | 金额 |\n|---|---|\n| 保洁 | 2050 |\n合计见公示栏")
    assert "<td>保洁</td>" in html and html.endswith("<p>合计见公示栏</p>")
    assert "<p>费用如下：</p>" in html


def test_the_next_item_of_a_list_and_text_laid_out_between_fences_are_left_as_they_are():
    assert _tags(Markup().to_html("1. 甲\n   续行\n2. 乙")) == "<ol><li>甲续行</li><li>乙</li></ol>"
    assert "时间：x\n地点：y" in Markup().to_html("```\n时间：x\n地点：y\n```")


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


def test_line_break_between_latin_words_stays_a_space():
    assert join_wide_lines("Hello\nworld 中文\n中文") == "Hello\nworld 中文中文"


def test_line_break_next_to_chinese_punctuation_disappears():
    assert join_wide_lines("各请物业。\n2025年底起") == "各请物业。2025年底起"
    assert join_wide_lines("见附件\n（共3页）") == "见附件（共3页）"
    assert join_wide_lines("共有3\n栋，由\nXY物业管理") == "共有3栋，由XY物业管理"  # beside Chinese: no space
    assert join_wide_lines("Built in\n2003") == "Built in\n2003"


def test_line_break_after_bold_or_a_link_disappears_between_chinese():
    html = Markup().to_html("请各位业主**务必**\n按时缴费，详见[通知](a.html)\n办理，\n**务必**到场。")
    assert re.sub(r"<[^>]+>", "", html) == "请各位业主务必按时缴费，详见通知办理，务必到场。"


def test_text_indented_by_four_spaces_is_a_paragraph_with_its_first_line_indented_not_code():
    html = Markup().to_html("    因2栋供水总阀**老化**，\n更换阀门。\n\n    给您带来不便，敬请谅解。\n")
    assert html == "<p>因2栋供水总阀<strong>老化</strong>，更换阀门。</p><p>给您带来不便，敬请谅解。</p>"
    assert Markup().to_html("    - 甲\n      - 乙\n") == Markup().to_html("- 甲\n  - 乙\n")


def test_a_list_right_under_a_paragraph_indented_by_four_spaces_is_a_list():
    # It was joined to the paragraph: 本小区建于2003年，现通知如下。- 甲- 乙
    html = Markup().to_html("    本小区建于2003年，现通知如下。\n- 甲\n- 乙\n")
    assert _tags(html) == "<p>本小区建于2003年，现通知如下。</p><ul><li>甲</li><li>乙</li></ul>"


def test_a_table_right_under_a_list_is_a_table():
    # It was the last item's text: 乙| 项目 | 金额 ||---|…
    html = Markup().to_html("- 甲\n- 乙\n| 项目 | 金额 |\n|---|---|\n| 保洁 | 2050 |\n")
    assert _tags(html).startswith("<ul><li>甲</li><li>乙</li></ul>") and "<td>保洁</td>" in html


def test_text_laid_out_as_written_in_html_or_between_fences_keeps_its_line_breaks():
    html = Markup().to_html("<pre>第一行\n第二行</pre>\n")
    assert "第一行\n第二行" in html
    fenced = Markup().to_html("读数：\n\n```\n功率A-01  3kW\n  - 功率A-02  5kW\n```\n")
    assert "<pre><code>功率A-01  3kW\n  - 功率A-02  5kW\n</code></pre>" in fenced  # not joined, not a list


def test_markdown_headings_start_below_the_page_title():
    html = Markup().to_html("# 标题\n\n## 小节\n")
    assert "<h2>标题</h2>" in html and "<h3>小节</h3>" in html
    assert "<h2>只有二级</h2>" in Markup().to_html("### 只有二级\n")


def test_content_tables_get_a_caption_for_screen_readers_from_the_text_just_before_them():
    html = Markup().to_html("施工进度如下：\n\n| 楼栋 | 进度 |\n|---|---|\n| 1栋 | 完成 |\n")
    assert '<table>\n<caption class="sr-only">施工进度如下</caption>' in html  # shown once: as the paragraph
    under_heading = Markup().to_html("## 进度\n\n| 楼栋 | 进度 |\n|---|---|\n| 1栋 | 完成 |\n")
    assert '<caption class="sr-only">进度</caption>' in under_heading
    after_a_list = Markup().to_html("说明：\n\n- 一\n\n| 楼栋 | 进度 |\n|---|---|\n| 1栋 | 完成 |\n")
    assert "<caption" not in after_a_list  # the paragraph is not the table's lead-in
    # A paragraph was cut at 60 characters into the caption: half a sentence, read out again after the whole.
    paragraph = "云台街道流动联调站第三季度在小区驻点3次，接待咨询46人次，调解邻里纠纷5件，其中物业服务纠纷2件，全部调解成功，具体如下："
    after_a_paragraph = Markup().to_html(f"{paragraph}\n\n| 类别 | 件数 |\n|---|---|\n| 邻里 | 3 |\n")
    assert "<caption" not in after_a_paragraph
    after_a_picture = Markup().to_html("![](plan.png)\n\n| 楼栋 | 进度 |\n|---|---|\n| 1栋 | 完成 |\n")
    assert "<caption" not in after_a_picture  # an empty one named the table nothing


def test_tables_and_lists_render():
    html = Markup().to_html("- 一\n- 二\n\n| a | b |\n|---|---|\n| x | y |\n")
    assert "<li>一</li>" in html and "<td>x</td>" in html


def test_cells_and_columns_of_figures_are_marked_and_a_text_cannot_mark_others():
    html = Markup().to_html("| 楼栋 | 预算（元） | 户数 |\n|---|---|---|\n| 6栋 | 31,590 | 30户 |\n"
                            "| 合计 | ¥95,940.00 | 75.5% |\n")
    assert '<th>楼栋</th><th class="num">预算（元）</th><th class="num">户数</th>' in html
    assert "<td>6栋</td>" in html and '<td class="num">31,590</td>' in html and '<td class="num">75.5%</td>' in html
    # Set as a row of totals, named by its first cell: a screen reader announced 合计 as a figure among the others.
    assert '<tr class="total">\n<th scope="row">合计</th><td class="num">¥95,940.00</td>' in html
    raw = Markup().to_html('<table><tr class="big"><td class="big red">1</td></tr></table><div class="wide">x</div>')
    assert "<tr><td>1</td>" in raw and "<div>x</div>" in raw and "class" not in raw


def test_an_approximate_figure_is_a_figure_too():
    html = Markup().to_html("| 项目 | 金额 |\n|---|---|\n| 审计费 | 约 31,600.00 |\n| 差旅 | 共12人 |\n")
    assert '<td class="num">约 31,600.00</td>' in html and '<td class="num">共12人</td>' in html
    assert '<th class="num">金额</th>' in html


def test_each_table_scrolls_in_a_box_of_its_own_as_the_sites_other_tables_do():
    html = Markup().to_html("| 楼栋 | 户数 |\n|---|---|\n| 6栋 | 30 |\n\n> | a | b |\n> |---|---|\n> | 1 | 2 |\n")
    assert html.count('<div class="table-wrap"><table>') == 2 and html.count("</table></div>") == 2


def test_raw_html_is_sanitised():
    html = Markup().to_html(
        '<script>alert(1)</script><p onclick="x()">点</p><a href="javascript:alert(1)">链接</a>'
        '<img src="https://evil.example/x.png" alt="外"><img src="//evil.example/y.png" alt="外2">'
        '<img src="map.png" alt="图"><iframe src="https://evil.example/"></iframe>'
    )
    for forbidden in ("script", "onclick", "javascript:", "evil.example", "iframe"):
        assert forbidden not in html
    assert '<img src="map.png" alt="图">' in html


def test_every_way_markdown_shows_a_picture_is_found_with_its_place_and_file():
    text = ('见 ![平面图](./plan%20map.png "标题") 与 ![b](<平面 图.png>)\n'
            '<img src="x.png" alt="1"> ![c][p] ![P][] ![p] ![未定义]\n\n[p]: <图 p.png>\n')
    assert picture_references(text) == [(1, 3, "plan map.png"), (1, 35, "平面 图.png"), (2, 1, "x.png"),
                                        (2, 27, "图 p.png"), (2, 35, "图 p.png"), (2, 42, "图 p.png")]


def test_a_picture_tag_that_runs_over_lines_is_found_at_the_line_it_starts():
    # It went unchecked, and the sheet printed a scan beside the notice that was never listed.
    assert picture_references("第一段\n\n<img\nsrc=\"idcard.png\">，<IMG alt=x\n  SRC=c.png>") == [
        (3, 1, "idcard.png"), (4, 19, "c.png")]


def test_a_text_nested_too_deep_to_read_leaves_the_converter_able_to_read_the_next_one():
    markup = Markup()
    with pytest.raises(Unreadable, match="nests lists or quotes hundreds of levels deep"):
        markup.to_html("\n".join("  " * depth + "- 项" for depth in range(600)))
    assert markup.to_html("请**注意**停水。") == "<p>请<strong>注意</strong>停水。</p>"


@pytest.mark.parametrize("text, said", [
    ("[" * 20_000, "the text opens 20,000 more '[' than it closes with ']', which would take minutes to read"),
    ("<img " * 20_000, "the text opens 20,000 more tags with '<' than it closes with '>', which would take minutes"),
])
def test_a_text_markdown_would_read_for_minutes_is_refused(text, said):
    # 20,000 '[' took 40 s to check, and as many '<img ' two minutes (measured, not timed here).
    with pytest.raises(Unreadable, match=re.escape(said)):
        Markup().to_html("停水通知" + text)


def test_brackets_and_tags_that_are_closed_or_no_tags_are_read_however_many():
    # Counted whole, a list of 3,000 [n号楼] and 1,200 paragraphs of 用水量<5吨 were refused: each reads in a moment.
    assert Markup().to_html("\n".join(f"- [{n}号楼] 已缴" for n in range(3000))).count("<li>") == 3000
    assert Markup().to_html("\n\n".join("用水量<5吨" for _ in range(1200))).count("<p>") == 1200
    rows = "".join(f"<tr><td>[{n}号楼]</td><td>{n}</td></tr>" for n in range(1500))
    assert Markup().to_html(f"<table>{rows}</table>").count("<tr>") == 1500


def test_a_picture_tag_is_read_up_to_the_next_tag_at_most():
    # Read on over the next '<', each of 20,000 '<img ' left open was read to the end of the text: minutes.
    assert picture_references('<img <img src="a.png">') == [(1, 6, "a.png")]


_SYNTAX_IN_CHINESE = [
    "停水\\*通知", "见`代码`处", "**务必**到场", "请_注意_安全", "详见[通知](a.html)办理", "附图![示意](a.png)如下",
    "网址<http://example.org/a>见", "邮箱<wuye@example.org>联系", "第一行末两空格  \n第二行", "见<span>说明</span>",
    "合计&amp;小计&#49;", "单价 * 数量", "5*3=15元", "全角＊号与＿下划线", "＜书名号＞", "[a]: http://example.org\n\n见[a]",
    "一[二]三", "感叹！号与!号", "表格\n\n| 项目 | 金额 |\n| --- | ---: |\n| 电梯 | 1,200.00 |\n",
]


def test_text_in_which_no_inline_pattern_could_match_is_left_as_python_markdown_would_leave_it():
    quick, plain = _converter(), _converter()
    plain.treeprocessors.register(InlineProcessor(plain), "inline", 20)
    assert type(quick.treeprocessors["inline"]).__name__ == "_QuickInline"
    # A version of python-markdown with other patterns or delimiters may match other characters.
    assert len(quick.inlinePatterns) == len(INLINE_PATTERNS) and all(p in quick.inlinePatterns for p in INLINE_PATTERNS)
    assert quick.delimiters.tokens == ["*", "_"]
    notices = PROJECT.glob("content/*/notices/**/*.md")
    texts = _SYNTAX_IN_CHINESE + [path.read_text(encoding="utf-8") for path in notices]
    assert len(texts) > 30
    for text in texts:
        assert quick.reset().convert(text) == plain.reset().convert(text), text


def _structure(html: str) -> str:
    return re.sub(r"\s+", "", html)


def test_lists_nested_by_two_or_three_spaces_keep_their_nesting_as_by_four():
    two = Markup().to_html("- 停水时间\n  - 3月1日\n  - 3月2日\n- 影响范围\n")
    assert _structure(two) == "<ul><li>停水时间<ul><li>3月1日</li><li>3月2日</li></ul></li><li>影响范围</li></ul>"
    assert Markup().to_html("- 停水时间\n    - 3月1日\n    - 3月2日\n- 影响范围\n") == two
    three = Markup().to_html("1. 第一\n   1. 子项\n2. 第二\n")
    assert _structure(three) == "<ol><li>第一<ol><li>子项</li></ol></li><li>第二</li></ol>"
    deep = Markup().to_html("- 甲\n  - 乙\n    - 丙\n  - 丁\n- 戊\n")
    assert _structure(deep) == "<ul><li>甲<ul><li>乙<ul><li>丙</li></ul></li><li>丁</li></ul></li><li>戊</li></ul>"


def test_a_list_item_indented_by_one_space_is_its_neighbours_sibling():
    assert _structure(Markup().to_html("- 甲\n - 乙\n")) == "<ul><li>甲</li><li>乙</li></ul>"


def test_a_paragraph_indented_under_an_item_is_the_items_and_one_that_is_not_ends_the_list():
    html = Markup().to_html("- 停水时间\n\n  请提前储水。\n\n正文段落\n")
    assert _structure(html) == "<ul><li><p>停水时间</p><p>请提前储水。</p></li></ul><p>正文段落</p>"


def test_a_phone_number_in_the_text_dials_when_tapped_but_not_in_a_link_or_code():
    # An anti-fraud notice said 拨打业委会办公室电话 023-41562219 核实 in plain text, on a phone.
    html = Markup().to_html("请拨打 023-41562219 核实，或 13912345678。\n\n"
                            "[办公室 023-41562208](https://example.org/) 和 `023-41562208`\n\n"
                            "| 名称 | 电话 |\n|---|---|\n| 物业 | 023-41562208-801 |\n")
    assert re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html) == [
        ("tel:02341562219", "023-41562219"), ("tel:13912345678", "13912345678"),
        ("https://example.org/", "办公室 023-41562208"), ("tel:02341562208", "023-41562208")]
    assert "<p>请拨打 <a" in html and "</a> 核实，或 <a" in html and "</a>。</p>" in html
    assert "023-41562208</a>-801</td>" in html  # the extension is asked for by the person who answers


def test_the_next_item_of_a_numbered_list_after_an_items_own_paragraph_is_an_item():
    # It was that paragraph's text: 甲续2. 乙
    html = Markup().to_html("1. 甲\n\n    甲续\n2. 乙\n")
    assert _structure(html) == "<ol><li><p>甲</p><p>甲续</p></li><li><p>乙</p></li></ol>"
