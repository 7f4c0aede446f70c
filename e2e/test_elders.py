"""The elders registry as its users work with it: an assessor fills the 26-item form and gets the
level; an official looks a person up by the full ID number, sees it masked, and reveals it with a
reason that the auditor then reads; a town sees its two centralised-support rates and who is
missing from them; a file goes through the background import."""
from pathlib import Path
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import heading, login, screenshot, submit

ITEMS = {
    "B.1.1": 3, "B.1.2": 4, "B.1.3": 2, "B.1.4": 3, "B.1.5": 3, "B.1.6": 4, "B.1.7": 4, "B.1.8": 3,
    "B.2.1": 4, "B.2.2": 3, "B.2.3": 3, "B.2.4": 1,
    "B.3.1": 4, "B.3.2": 4, "B.3.3": 4, "B.3.4": 3, "B.3.5": 4, "B.3.6": 4, "B.3.7": 1, "B.3.8": 1, "B.3.9": 2,
    "B.4.1": 2, "B.4.2": 1, "B.4.3": 2, "B.4.4": 1, "B.4.5": 3,
}  # 73 in all: 能力轻度受损


def page_says(browser, words, timeout=30):
    """Waits until the page (which reloads itself while a job runs) says `words`."""
    def says(driver):
        try:
            return words in driver.find_element(By.TAG_NAME, "main").text
        except Exception:  # the page was being reloaded
            return False
    WebDriverWait(browser, timeout).until(says)


def open_person(browser, server, id_number):
    browser.get(server + "/elders?idNumber=" + id_number)
    links = browser.find_elements(By.CSS_SELECTOR, "tbody tr td a.name")
    assert len(links) == 1
    submit(browser, links[0])


def test_an_assessor_fills_the_form_and_gets_the_level(server, browser):
    login(browser, server, "demo-town")
    open_person(browser, server, "320685193803150024")
    assert heading(browser) == "张桂英"
    submit(browser, browser.find_element(By.LINK_TEXT, "能力评估"))
    assert heading(browser).startswith("能力评估")
    total = browser.find_element(By.ID, "assessment-total")
    for code, score in ITEMS.items():
        Select(browser.find_element(By.ID, "f-" + code)).select_by_value(str(score))
    # The total and the preliminary level show as the form is filled in.
    WebDriverWait(browser, 5).until(lambda d: "总分 73" in total.text)
    assert "轻度受损" in total.text
    browser.find_element(By.ID, "f-diagnoses").send_keys("F03")
    browser.find_element(By.ID, "f-assessor1").send_keys("周丽华")
    Select(browser.find_element(By.ID, "f-reason")).select_by_value("即时评估")
    screenshot(browser, "assessment-form")
    # One assessor (past the browser's own check): refused at the field, nothing saved.
    browser.execute_script("document.getElementById('f-assessor2').removeAttribute('required')")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[value=save]"))
    assert "2 名评估员" in browser.find_element(By.CSS_SELECTOR, ".field.invalid .error").text
    browser.find_element(By.ID, "f-assessor2").send_keys("陈志刚")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "button[value=save]"))
    result = browser.find_element(By.TAG_NAME, "main").text
    assert "评估已保存" in result and "73" in result
    assert "能力中度受损" in result, "the dementia diagnosis raises level 1 to level 2"
    screenshot(browser, "assessment-result")
    submit(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "返回"))
    assert "能力中度受损（中度失能）" in browser.find_element(By.TAG_NAME, "main").text


def test_a_reveal_needs_a_reason_and_the_auditor_reads_it(server, browser):
    login(browser, server, "demo-town")
    open_person(browser, server, "320685193803150024")
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "320685************" in main and "320685193803150024" not in main
    assert "139****4321" in main
    # The birth date gives the number back beside any mask: the age stands for it until a reveal.
    assert "出生日期" not in main and "1938" not in main and "岁" in main
    Select(browser.find_element(By.ID, "f-field")).select_by_value("idNumber")
    browser.execute_script("document.getElementById('f-reason').removeAttribute('required')")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/reveal'] button"))
    assert "理由" in browser.find_element(By.CSS_SELECTOR, ".field.invalid .error").text
    Select(browser.find_element(By.ID, "f-field")).select_by_value("idNumber")
    browser.find_element(By.ID, "f-reason").send_keys("上门核实身份")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/reveal'] button"))
    notice = browser.find_element(By.CSS_SELECTOR, ".notice[role=status]").text
    assert "320685193803150024" in notice and "审计" in notice
    screenshot(browser, "elder-reveal")

    # The lookup by the full number that found her is in the log too (as a keyed hash).
    browser.delete_all_cookies()
    login(browser, server, "demo-auditor")
    browser.get(server + "/audit?action=elder.lookup")
    lookups = browser.find_element(By.TAG_NAME, "main").text
    assert "按完整号码查找" in lookups and "demo-town" in lookups and "320685193803150024" not in lookups
    browser.get(server + "/audit?action=elder.reveal")
    rows = browser.find_element(By.TAG_NAME, "main").text
    assert "demo-town" in rows and "上门核实身份" in rows and "张桂英" in rows
    assert "320685193803150024" not in rows, "the audit log keeps who, whom, when and why, not the number"


def test_a_town_sees_its_rates_and_who_is_missing(server, browser):
    login(browser, server, "demo-town2")
    submit(browser, browser.find_element(By.LINK_TEXT, "供养指标"))
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "生活不能自理特困人员集中供养率" in main and "有集中供养意愿的特困老年人集中供养率" in main
    assert "李秀兰" in browser.find_element(By.XPATH, "//section[h2[contains(., '未集中供养的生活不能自理特困人员')]]").text
    assert "李秀兰" in browser.find_element(By.XPATH, "//section[h2[contains(., '尚在等待')]]").text
    screenshot(browser, "elder-indicators")
    # Each figure opens the persons it counts.
    submit(browser, browser.find_element(By.XPATH, "//a[contains(@class,'figure')][span[text()='特困']]"))
    assert heading(browser) == "老年人"
    assert "人员类别：特困" in browser.find_element(By.CSS_SELECTOR, ".list-heading").text or "特困" in browser.find_element(By.CSS_SELECTOR, ".list-heading").text


def test_a_file_goes_through_the_background_import(server, browser):
    login(browser, server, "demo-town")
    browser.get(server + "/elders/import")
    path = Path(tempfile.mkdtemp()) / "名册.csv"
    path.write_text("姓名,身份证号码,居住区划代码,人员类别\n孙玉兰,320685193702020044,320685101202,独居\n", encoding="gb18030")
    browser.find_element(By.ID, "f-file").send_keys(str(path))
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
    page_says(browser, "校验通过")
    screenshot(browser, "elder-import-checked")
    submit(browser, browser.find_element(By.XPATH, "//button[text()='确认导入']"))
    page_says(browser, "导入完成")
    assert "新增1" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(server + "/elders?idNumber=320685193702020044")
    assert "孙玉兰" in browser.find_element(By.TAG_NAME, "main").text


def test_a_person_registered_elsewhere_is_registered_as_anyone_and_the_city_decides(server, browser):
    """角斜镇 registers 李秀兰, who is on 李堡镇's register: the form answers as for anyone new (the
    town may not learn where else she is registered); the city sees both side by side and refuses
    the second registration with a reason, which the town then reads."""
    login(browser, server, "demo-town")
    browser.get(server + "/elders/new")
    browser.find_element(By.ID, "f-name").send_keys("李秀兰")
    browser.find_element(By.ID, "f-idNumber").send_keys("320685194205120022")
    Select(browser.find_element(By.ID, "f-regionCode")).select_by_value("320685101202")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert heading(browser) == "李秀兰"
    main = browser.find_element(By.TAG_NAME, "main").text
    assert "已登记" not in main and "其他辖区" not in main and "重复" not in main

    browser.delete_all_cookies()
    login(browser, server, "demo-city")
    browser.get(server + "/elders")
    submit(browser, browser.find_element(By.LINK_TEXT, "查看重复登记核实"))
    assert heading(browser) == "重复登记核实"
    card = browser.find_element(By.CSS_SELECTOR, "main section.card")
    assert "新登记" in card.text and "原有档案" in card.text and "李堡镇" in card.text and "角斜镇" in card.text
    screenshot(browser, "elder-duplicates")
    refuse = card.find_element(By.CSS_SELECTOR, "form[action$='/refuse']")
    refuse.find_element(By.NAME, "reason").send_keys("本人仍居李堡镇，经村委会核实")
    submit(browser, refuse.find_element(By.TAG_NAME, "button"))
    assert "已不予登记" in browser.find_element(By.TAG_NAME, "main").text

    browser.delete_all_cookies()
    login(browser, server, "demo-town")
    browser.get(server + "/elders")
    submit(browser, browser.find_element(By.LINK_TEXT, "查看重复登记核实"))
    told = browser.find_element(By.TAG_NAME, "main").text
    assert "不予登记" in told and "本人仍居李堡镇" in told and "海安市民政局管理员" in told
