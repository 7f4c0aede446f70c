"""An import as a town official does it: check the file first, then confirm without choosing it again."""
import tempfile
from pathlib import Path

from selenium.webdriver.common.by import By

from conftest import heading, login, screenshot, submit


def test_check_then_confirm_a_region_import(own_server, browser):
    server = own_server  # the import adds a village: the shared server's journeys must not see it
    login(browser, server, "demo-town")
    browser.get(server + "/regions/import")
    assert heading(browser) == "区划导入"
    csv = Path(tempfile.mkdtemp()) / "villages.csv"
    csv.write_text("区划代码,名称,层级,上级区划代码\n320685101288,浏览器村,村,320685101\n", encoding="utf-8")
    browser.find_element(By.ID, "f-file").send_keys(str(csv))
    assert browser.find_element(By.ID, "f-dry").is_selected(), "a check comes first by default"
    submit(browser, browser.find_element(By.XPATH, "//button[text()='上传']"))
    assert "校验通过（未写入）" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    screenshot(browser, "import-checked")

    submit(browser, browser.find_element(By.XPATH, "//button[text()='确认导入']"))
    assert "导入完成" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    browser.get(server + "/regions/320685101288")
    assert heading(browser) == "浏览器村"
