from datetime import date
from decimal import Decimal
from fractions import Fraction
from io import BytesIO

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.numbers import format_currency

from generator import i18n
from generator.i18n import Formatter
from tests.conftest import PROJECT

CATALOGUE = PROJECT / "templates/locales/zh_CN/LC_MESSAGES/messages.po"
METHODS = [("generator/**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.xml", "jinja2")]


def _used_messages() -> set[str]:
    found = extract_from_dir(str(PROJECT), METHODS, options_map={"templates/**": {"extensions": "jinja2.ext.i18n"}})
    return {message for _file, _line, message, _comments, _context in found if isinstance(message, str)}


def test_every_interface_string_has_a_chinese_translation():
    catalog = read_po(BytesIO(CATALOGUE.read_bytes()), locale="zh_CN")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    used = _used_messages()
    assert len(used) > 80
    assert sorted(used - translated) == []


def test_amounts_and_dates_follow_the_locale():
    zh, en = Formatter("zh_CN"), Formatter("en")
    assert zh.money(Decimal("1234.5")) == "¥1,234.50"
    assert zh.long_date(date(2026, 3, 31)) == "2026年3月31日"
    assert zh.short_date(date(2026, 3, 31)) == "3月31日"
    assert en.long_date(date(2026, 3, 31)) == "March 31, 2026"
    assert zh.area(Decimal("28871.9")) == "28,871.90"


def test_a_rules_ratio_is_written_as_the_law_writes_it():
    zh, en = Formatter("zh_CN"), Formatter("en")
    assert [zh.fraction(Fraction(n, d)) for n, d in [(2, 3), (3, 4), (1, 2), (3, 5), (7, 12), (11, 20), (46, 97)]] == [
        "三分之二", "四分之三", "二分之一", "五分之三", "十二分之七", "二十分之十一", "九十七分之四十六"]
    assert zh.fraction(Fraction(1)) == "100%" and en.fraction(Fraction(1)) == "100%"
    assert en.fraction(Fraction(2, 3)) == "2/3"
    # written as a decimal that is no simple fraction: as a percentage, not 六百六十七分之一千
    assert zh.fraction(Fraction(667, 1000)) == en.fraction(Fraction(667, 1000)) == "66.7%"


@pytest.mark.parametrize("locale", ["zh_CN", "en", "de_DE"])
def test_money_reads_as_babels_format_currency(locale):
    formatter = Formatter(locale)
    for amount in ["0", "0.5", "-5.5", "1234.5", "-1234567.89", "99999999999.99", "0.01", "100"]:
        assert formatter.money(Decimal(amount)) == format_currency(Decimal(amount), i18n.CURRENCY, locale=locale)


def test_a_zero_is_written_without_a_sign_whichever_zero_comes_first():
    # Decimal keeps the sign of a zero (-0.00, a difference negated), which Babel wrote as -¥0.00; and as the
    # formatters remember by value, a page showed -0.00 or 0 as whichever of them the process met first.
    for zeros in (["-0.00", "0"], ["0", "-0.00"]):
        zh = Formatter("zh_CN")
        assert [zh.money(Decimal(zero)) for zero in zeros] == ["¥0.00", "¥0.00"]
        assert [zh.area(Decimal(zero)) for zero in zeros] == ["0.00", "0.00"]
        assert [zh.number(Decimal(zero)) for zero in zeros] == ["0", "0"]
    assert Formatter("zh_CN").rate(Decimal("-0.0000")) == Formatter("zh_CN").rate(Decimal("0.0000"))
    assert Formatter("zh_CN").money(Decimal("-0.01")) == "-¥0.01"


def test_the_compiled_catalogue_is_remembered_and_compiled_again_when_the_po_changes(tmp_path, monkeypatch):
    templates, cache = tmp_path / "templates", tmp_path / "cache"
    po = templates / "locales/zh_CN/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(CATALOGUE.read_bytes())
    assert i18n.load_translations(templates, "zh_CN", cache).gettext("Income") == "收入"
    assert (cache / "memo" / f"{i18n.CATALOGUE_MEMO}.pickle").is_file()

    i18n._compiled.cache_clear()  # as in a new process
    monkeypatch.setattr(i18n, "read_po", lambda *args, **kwargs: pytest.fail("compiled again"))
    assert i18n.load_translations(templates, "zh_CN", cache).gettext("Income") == "收入"

    monkeypatch.undo()
    po.write_bytes(CATALOGUE.read_bytes().replace('msgstr "收入"'.encode(), 'msgstr "进账"'.encode(), 1))
    assert i18n.load_translations(templates, "zh_CN", cache).gettext("Income") == "进账"
