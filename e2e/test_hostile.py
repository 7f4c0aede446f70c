"""Hostile values in a real browser: nothing they carry runs, and a sign-in goes only to this site."""
from urllib.parse import quote

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By

from conftest import heading, login, submit

HOSTILE = 'x" autofocus onfocus="alert(1)'


def no_alert(browser):
    try:
        browser.switch_to.alert
        return False
    except NoAlertPresentException:
        return True


def test_a_hostile_search_stays_text(server, browser):
    login(browser, server, "demo-city")
    browser.get(server + "/facilities?q=" + quote(HOSTILE))
    assert heading(browser) == "设施名录"
    box = browser.find_element(By.ID, "f-q")
    assert box.get_attribute("value") == HOSTILE
    assert box.get_attribute("onfocus") is None and box.get_attribute("autofocus") is None
    box.click()
    assert no_alert(browser)


def test_login_goes_only_to_this_site(server, browser):
    for target in ["/\r\nSet-Cookie: injected=by-attacker; Path=/", "/\t/evil.example", "//evil.example", "https://evil.example"]:
        browser.delete_all_cookies()
        browser.get(server + "/login?next=" + quote(target, safe=""))
        browser.find_element(By.NAME, "username").send_keys("demo-town")
        browser.find_element(By.NAME, "password").send_keys("yanglao-demo")
        submit(browser, browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
        assert browser.current_url == server + "/", target
        assert all(cookie["name"] != "injected" for cookie in browser.get_cookies())
