"""The security admin's account pages and the auditor's audit page."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import mark_page, submit, wait_for_new_page, heading, login, screenshot


def test_security_admin_creates_and_disables_an_account(server, browser):
    login(browser, server, "demo-security")
    submit(browser, browser.find_element(By.LINK_TEXT, "账户管理"))
    assert heading(browser) == "账户管理"
    submit(browser, browser.find_element(By.LINK_TEXT, "新建账户"))

    # Bad input: the message stands at the field, nothing is created.
    browser.find_element(By.NAME, "username").send_keys("jx-viewer")
    Select(browser.find_element(By.NAME, "role")).select_by_visible_text("领导查看")
    browser.find_element(By.NAME, "password").send_keys("short")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
    assert heading(browser) == "新建账户"
    errors = browser.find_element(By.CSS_SELECTOR, ".field.invalid .error").text
    assert "密码至少8位" in errors

    browser.find_element(By.NAME, "password").send_keys("Viewer-2021")
    Select(browser.find_element(By.ID, "f-region")).select_by_value("320685101")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
    assert heading(browser) == "账户 jx-viewer"
    assert "账户已创建" in browser.find_element(By.CSS_SELECTOR, ".notice").text

    # Disabling asks first; accept the question.
    mark_page(browser)
    browser.find_element(By.XPATH, "//button[text()='停用账户']").click()
    browser.switch_to.alert.accept()
    wait_for_new_page(browser)
    assert "账户已停用" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert "已停用" in browser.find_element(By.CSS_SELECTOR, "dl").text
    screenshot(browser, "account-disabled")


def test_auditor_reviews_the_log(server, browser):
    login(browser, server, "demo-town")  # something to find
    browser.delete_all_cookies()
    login(browser, server, "demo-auditor")
    submit(browser, browser.find_element(By.LINK_TEXT, "查看全部审计日志"))
    assert heading(browser) == "审计日志"
    browser.find_element(By.NAME, "username").send_keys("demo-town")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    rows = browser.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert rows and all("demo-town" in row.text for row in rows)
    submit(browser, browser.find_element(By.XPATH, "//button[text()='校验审计链']"))
    assert "审计链完整" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    screenshot(browser, "audit")


def test_business_admin_cannot_open_the_audit_page(server, browser):
    login(browser, server, "demo-city")
    assert "审计日志" not in browser.find_element(By.CSS_SELECTOR, ".mainnav").text
    browser.get(server + "/audit")
    assert heading(browser) == "无权访问"


def test_a_reset_gives_a_one_time_password_the_owner_must_replace(server, browser):
    """三员分立: the auditor's password needs two security administrators, and its owner must change it."""
    import re

    login(browser, server, "demo-security")
    browser.get(server + "/accounts?q=demo-auditor")
    submit(browser, browser.find_element(By.LINK_TEXT, "demo-auditor"))
    account_page = browser.current_url
    mark_page(browser)
    browser.find_element(By.XPATH, "//button[text()='申请重置密码']").click()
    browser.switch_to.alert.accept()
    wait_for_new_page(browser)
    assert "须由另一名安全管理员在本页确认后生效" in browser.find_element(By.CSS_SELECTOR, ".notice").text

    browser.delete_all_cookies()
    login(browser, server, "demo-security2")
    browser.get(account_page)
    mark_page(browser)
    browser.find_element(By.XPATH, "//button[starts-with(text(),'确认重置密码')]").click()
    browser.switch_to.alert.accept()
    wait_for_new_page(browser)
    notice = browser.find_element(By.CSS_SELECTOR, ".notice").text
    one_time = re.search(r"一次性密码：(\S{12})", notice).group(1)
    screenshot(browser, "account-reset")

    browser.delete_all_cookies()
    login(browser, server, "demo-auditor", one_time)
    assert heading(browser) == "修改密码"
    browser.get(server + "/audit")
    assert heading(browser) == "修改密码", "nothing else opens before the password is changed"
    browser.find_element(By.NAME, "current").send_keys(one_time)
    browser.find_element(By.NAME, "password").send_keys("Auditor-2026!")
    browser.find_element(By.NAME, "confirmation").send_keys("Auditor-2026!")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
    assert "密码已修改" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    browser.get(server + "/audit")
    assert heading(browser) == "审计日志"

    # Back to the demo password, for the journeys that sign in as the auditor after this one.
    browser.get(server + "/password")
    browser.find_element(By.NAME, "current").send_keys("Auditor-2026!")
    browser.find_element(By.NAME, "password").send_keys("yanglao-demo")
    browser.find_element(By.NAME, "confirmation").send_keys("yanglao-demo")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
    assert "密码已修改" in browser.find_element(By.CSS_SELECTOR, ".notice").text
