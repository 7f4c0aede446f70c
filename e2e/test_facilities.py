"""The registry as an official uses it: filter, read the totals, export exactly the filtered list,
open a facility and see what it breaks."""
import csv

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import heading, login, mark_page, screenshot, submit, wait_for_download, wait_for_new_page


def test_filter_export_and_open_a_facility(server, browser):
    login(browser, server, "demo-city")
    submit(browser, browser.find_element(By.LINK_TEXT, "设施名录"))
    assert heading(browser) == "设施名录"

    Select(browser.find_element(By.ID, "f-category")).select_by_value("养老机构")
    Select(browser.find_element(By.ID, "f-problem")).select_by_value("clinic_required")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    names = [link.text for link in browser.find_elements(By.CSS_SELECTOR, "tbody tr td a")]
    assert sorted(names) == sorted(["角斜镇敬老院", "海安市福康养老服务中心"])
    figures = browser.find_element(By.CSS_SELECTOR, ".figures").text
    assert "护理型床位占比" in figures and "165" in figures  # 45 + 120 beds
    screenshot(browser, "facilities-filtered")

    # The export holds exactly the filtered rows.
    browser.find_element(By.LINK_TEXT, "导出 CSV").click()
    path = wait_for_download("设施名录")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["名称"] for row in rows) == sorted(names)
    assert all("须内设医务室或护理站" in row["问题"] for row in rows)

    # Open one: its page names the rule it breaks.
    submit(browser, browser.find_element(By.LINK_TEXT, "角斜镇敬老院"))
    assert heading(browser) == "角斜镇敬老院"
    assert "须内设医务室或护理站" in browser.find_element(By.CSS_SELECTOR, ".notice.error").text
    assert "失能失智集中照护中心" in browser.find_element(By.TAG_NAME, "main").text
    screenshot(browser, "facility")


def test_a_town_edits_its_facility_and_bad_input_stays_at_the_field(server, browser):
    login(browser, server, "demo-town")
    browser.get(server + "/facilities?q=角斜镇敬老院")
    submit(browser, browser.find_element(By.LINK_TEXT, "角斜镇敬老院"))
    submit(browser, browser.find_element(By.LINK_TEXT, "修改"))
    beds = browser.find_element(By.ID, "f-nursingBeds")
    beds.clear()
    beds.send_keys("999")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.facility-form button[type=submit]"))
    error = browser.find_element(By.CSS_SELECTOR, ".field.invalid .error").text
    assert error == "护理型床位（999）不能多于床位总数（45）"
    screenshot(browser, "facility-form-error")

    beds = browser.find_element(By.ID, "f-nursingBeds")
    beds.clear()
    beds.send_keys("30")
    Select(browser.find_element(By.ID, "f-nursingStation")).select_by_value("是")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.facility-form button[type=submit]"))
    assert heading(browser) == "角斜镇敬老院"
    # The elders registry holds 31 residents where the home reported 33: the page says so.
    notice = browser.find_element(By.CSS_SELECTOR, ".notice.error").text
    assert "登记在院 31 人，填报 33 人" in notice and "须内设医务室" not in notice
    submit(browser, browser.find_element(By.LINK_TEXT, "修改"))
    for field in ("f-residents", "f-specialHardshipResidents"):
        box = browser.find_element(By.ID, field)
        box.clear()
        box.send_keys("31")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.facility-form button[type=submit]"))
    assert browser.find_element(By.CSS_SELECTOR, ".notice").text == "未发现问题"


def test_projects_list_the_years_works_and_point_to_the_breakdown(server, browser):
    login(browser, server, "demo-city")
    submit(browser, browser.find_element(By.LINK_TEXT, "设施项目"))
    assert heading(browser) == "设施项目"
    # The breakdown table with targets and progress is the plans' (计划指标); here are the works it counts.
    assert browser.find_element(By.CSS_SELECTOR, "section.card a[href='/plans']").text == "计划指标"
    browser.get(server + "/projects?year=2021&status=%E5%B7%B2%E5%AE%8C%E6%88%90&column=%E6%97%A5%E9%97%B4%E7%85%A7%E6%96%99%E4%B8%AD%E5%BF%83")
    rows = browser.find_elements(By.CSS_SELECTOR, "main table tbody tr")
    assert len(rows) == 4, "the four day-care centres the 2021 table counts"
    Select(browser.find_element(By.ID, "f-late")).select_by_value("true")
    Select(browser.find_element(By.ID, "f-column")).select_by_value("")
    Select(browser.find_element(By.ID, "f-status")).select_by_value("")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    assert "西场社区日间照料中心新建" in browser.find_element(By.TAG_NAME, "main").text
    screenshot(browser, "projects")
