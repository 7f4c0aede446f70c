"""Plans as a bureau works with them: the city reads the Hai'an breakdown table in its official
layout (towns behind in colour), drills down to a town and its own row, exports it; Tongliao sees
its 旗县 rows; and the monthly ledger goes round: the town submits, the city returns it with a
reason, the town fixes and resubmits, the city approves and the month locks."""
import datetime

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import heading, login, screenshot, submit, wait_for_download


def open_plan(browser, server, title):
    browser.get(server + "/plans")
    submit(browser, browser.find_element(By.LINK_TEXT, title))


def cell(browser, row_name, column):
    """The text of a breakdown table cell, by row name and column position (0 is the first indicator)."""
    for row in browser.find_elements(By.CSS_SELECTOR, "table.breakdown tbody tr"):
        if row.find_element(By.CSS_SELECTOR, "th").text == row_name:
            return row.find_elements(By.CSS_SELECTOR, "td")[column]
    raise AssertionError(f"no row {row_name}")


def test_the_haian_table_in_its_official_layout(server, browser):
    login(browser, server, "demo-city")
    open_plan(browser, server, "2021年全市养老服务工作要点")
    Select(browser.find_element(By.NAME, "month")).select_by_value("2021-12")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    headers = [th.text.split("\n")[0] for th in browser.find_elements(By.CSS_SELECTOR, "table.breakdown thead th")]
    assert headers == ["区镇", "日间照料中心", "镇级居家养老服务中心", "新建医养结合型养老机构", "失能失智集中照护中心",
                       "区域性养老服务中心", "适老化改造户数", "养老服务从业人员培训数", "安全管理新闻宣传稿件"]
    rows = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.breakdown tbody th")]
    assert rows[:3] == ["角斜镇", "李堡镇", "西场街道"] and rows[-1] == "合计"
    behind = cell(browser, "西场街道", 0)
    assert behind.text.startswith("0 / 1") and "status-seriously-behind" in behind.get_attribute("class")
    assert cell(browser, "雅周镇", 0).text == "", "no target, nothing done: blank"
    assert cell(browser, "合计", 5).text.startswith("878 / 900")
    # Printed on A4 landscape, the last column is on the page.
    table = browser.find_element(By.CSS_SELECTOR, "table.breakdown")
    last = browser.find_elements(By.CSS_SELECTOR, "table.breakdown thead th")[-1]
    assert last.location["x"] + last.size["width"] <= table.location["x"] + table.size["width"] + 1
    screenshot(browser, "plans-haian-2021")
    # Down to 角斜镇: its villages and the town's own row (its 敬老院) add up to the town's row above.
    submit(browser, browser.find_element(By.LINK_TEXT, "角斜镇"))
    rows = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.breakdown tbody th")]
    assert "镇本级" in rows and rows[-1] == "合计"
    assert cell(browser, "合计", 3).text.startswith("1 / 1")
    browser.find_element(By.LINK_TEXT, "导出 XLSX").click()
    assert wait_for_download(".xlsx").stat().st_size > 1000


def test_tongliao_sees_its_county_rows(server, browser):
    login(browser, server, "demo-tongliao")
    open_plan(browser, server, "2021年开展“养老服务提质提升年”活动实施方案")
    Select(browser.find_element(By.NAME, "month")).select_by_value("2021-12")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    assert browser.find_element(By.CSS_SELECTOR, "table.breakdown thead th").text == "旗县市区"
    rows = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.breakdown tbody th")]
    assert rows[:2] == ["科尔沁区", "科尔沁左翼中旗"] and "霍林郭勒市" in rows
    assert cell(browser, "科尔沁左翼中旗", 0).text.startswith("1 / 2")
    screenshot(browser, "plans-tongliao-2021")


def ledger_url(browser, server, plan_title, region, month):
    open_plan(browser, server, plan_title)
    plan = browser.current_url.split("/plans/")[1].split("?")[0]
    return f"{server}/plans/{plan}/ledgers/{region}/{month}"


def test_the_ledger_goes_round(own_server, browser):
    server = own_server
    today = datetime.date.today()
    if today.month == 1:
        import pytest
        pytest.skip("the demo's current-year ledgers begin in February")
    month = f"{today.year}-{today.month - 1:02d}"
    title = f"{today.year}年全市养老服务工作要点"

    # The town: its home page says last month's ledger is due; it fills it in and submits.
    login(browser, server, "demo-town")
    assert "督查台账" in browser.find_element(By.TAG_NAME, "main").text
    url = ledger_url(browser, server, title, "320685101", month)
    browser.get(url)
    field = browser.find_element(By.NAME, "reported.home_renovations.value")
    field.clear()
    field.send_keys("-5")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[value=save]"))
    assert "适老化改造户数应为0 至 10000000 之间的整数" in browser.find_element(By.CSS_SELECTOR, "td .error").text
    assert browser.find_element(By.NAME, "reported.home_renovations.value").get_attribute("value") == "-5", "what was typed stays"
    field = browser.find_element(By.NAME, "reported.home_renovations.value")
    field.clear()
    field.send_keys("6")
    progress = browser.find_elements(By.CSS_SELECTOR, "textarea[name$='.progress']")[2]
    progress.clear()
    progress.send_keys("本月完成居家适老化改造6户")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[value=submit]"))
    assert "已报送" in browser.find_element(By.TAG_NAME, "main").text
    assert not browser.find_elements(By.CSS_SELECTOR, "button[value=save]"), "a submitted ledger is not edited"

    # The city returns it with a reason.
    browser.delete_all_cookies()
    login(browser, server, "demo-city")
    browser.get(url.rsplit("/", 2)[0] + f"?month={month}")
    assert "已报送" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(url)
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[value=return]"))
    assert "退回须注明理由" in browser.find_element(By.CSS_SELECTOR, ".notice.error").text
    browser.find_element(By.NAME, "reason").send_keys("改造户数与验收清单不符")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[value=return]"))
    assert "已退回" in browser.find_element(By.TAG_NAME, "main").text

    # The town reads why, fixes and resubmits.
    browser.delete_all_cookies()
    login(browser, server, "demo-town")
    browser.get(url)
    assert "改造户数与验收清单不符" in browser.find_element(By.TAG_NAME, "main").text
    field = browser.find_element(By.NAME, "reported.home_renovations.value")
    field.clear()
    field.send_keys("5")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[value=submit]"))
    assert "已报送" in browser.find_element(By.TAG_NAME, "main").text

    # The city approves: the month is locked.
    browser.delete_all_cookies()
    login(browser, server, "demo-city")
    browser.get(url)
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[value=approve]"))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "已审核" in main and "解锁" in main
    screenshot(browser, "ledger-approved")
    browser.delete_all_cookies()
    login(browser, server, "demo-town")
    browser.get(url)
    assert "已审核" in browser.find_element(By.TAG_NAME, "main").text
    assert not browser.find_elements(By.NAME, "reported.home_renovations.value"), "a locked month has no inputs"


def test_the_dashboard_draws_its_charts_and_the_cockpit_fits_one_screen(server):
    from conftest import make_driver
    browser = make_driver(1920, 1080)
    try:
        login(browser, server, "demo-city")
        open_plan(browser, server, f"{datetime.date.today().year}年全市养老服务工作要点")
        submit(browser, browser.find_element(By.LINK_TEXT, "仪表盘"))
        tiles = browser.find_elements(By.CSS_SELECTOR, ".tiles .tile")
        assert len(tiles) >= 10 and any("status-seriously-behind" in tile.get_attribute("class") for tile in tiles)
        charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
        assert len(charts) >= 10, "the towns' bars and a trend per indicator"
        bars = browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")
        assert len(bars) >= 1
        assert "逾期" in browser.find_element(By.TAG_NAME, "main").text
        screenshot(browser, "plans-dashboard")
        browser.set_window_size(1920, 1080)
        submit(browser, browser.find_element(By.LINK_TEXT, "领导驾驶舱"))
        assert len(browser.find_elements(By.CSS_SELECTOR, ".cockpit .tile")) == 8
        assert "同比" in browser.find_element(By.CSS_SELECTOR, ".cockpit").text
        inner = browser.execute_script("return window.innerHeight")
        height = browser.execute_script("return document.querySelector('.cockpit').getBoundingClientRect().bottom")
        assert height <= inner, f"the cockpit ends at {height}px in a {inner}px window"
        screenshot(browser, "plans-cockpit")
    finally:
        browser.quit()


def test_the_year_end_report_prints_as_an_official_document_and_opens_as_docx(server, browser):
    import base64
    import io
    import docx
    from selenium.webdriver.common.print_page_options import PrintOptions

    login(browser, server, "demo-county")
    open_plan(browser, server, "2021年开展“养老服务提质提升年”活动实施方案")
    submit(browser, browser.find_element(By.LINK_TEXT, "年度总结报告"))
    article = browser.find_element(By.CSS_SELECTOR, "article.official")
    issuer = article.find_element(By.CSS_SELECTOR, ".issuer")
    assert issuer.text == "科尔沁左翼中旗民政局文件"
    assert issuer.value_of_css_property("color") in ("rgba(192, 0, 0, 1)", "rgb(192, 0, 0)"), "红头 in red"
    text = article.text
    for heading_text in ("一、主要工作及成效", "二、存在的突出问题", "三、意见建议", "四、下一步长效机制打算", "（盖章）", "签发人", "通辽市民政局："):
        assert heading_text in text
    # The town edits a part and saves it.
    box = browser.find_element(By.NAME, "suggestions")
    box.clear()
    box.send_keys("1. 建议市级统筹敬老院改扩建资金。")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[value=save]"))
    assert "建议市级统筹敬老院改扩建资金" in browser.find_element(By.CSS_SELECTOR, "article.official").text
    screenshot(browser, "year-report")
    # Printed on A4: the document alone, numbered pages.
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 2
    # The .docx opens with the same document.
    browser.find_element(By.LINK_TEXT, "下载 Word（.docx）").click()
    document = docx.Document(str(wait_for_download(".docx")))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == "科尔沁左翼中旗民政局文件"
    assert "三、意见建议" in paragraphs and "1. 建议市级统筹敬老院改扩建资金。" in paragraphs
    assert len(document.tables) >= 1 and document.tables[0].cell(0, 0).text == "指标"
    assert document.sections[0].footer.paragraphs[0].text.startswith("—")
