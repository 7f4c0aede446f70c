"""The journeys of issue 4: scope in the switcher, not-found outside the scope, CSRF refusal,
logout, lockout, and each demo role's home page."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import mark_page, submit, wait_for_new_page, DEMO_PASSWORD, heading, login, screenshot


def test_town_admin_sees_only_their_town(server, browser):
    login(browser, server, "demo-town")
    assert heading(browser) == "辖区概况"
    assert "角斜镇" in browser.find_element(By.CSS_SELECTOR, "main").text

    options = [option.text.strip() for option in Select(browser.find_element(By.ID, "region-switcher")).options]
    assert options[0] == "角斜镇"
    assert set(options) == {"角斜镇", "角斜社区", "老坝港村", "沿口村"}
    assert "李堡镇" not in options and "海安市" not in options

    # Picking a village in the switcher makes it the region every page works in (the script submits
    # on change): the page comes back showing the village, and so does the next one.
    mark_page(browser)
    Select(browser.find_element(By.ID, "region-switcher")).select_by_value("320685101202")
    wait_for_new_page(browser)
    assert heading(browser) == "辖区概况"
    assert "沿口村" in browser.find_element(By.CSS_SELECTOR, "main").text
    browser.get(server + "/facilities")
    assert "沿口村" in browser.find_element(By.CSS_SELECTOR, ".list-heading").text
    selected = Select(browser.find_element(By.ID, "region-switcher")).first_selected_option
    assert selected.get_attribute("value") == "320685101202"
    # Found by name in the switcher's search box.
    box = browser.find_element(By.CSS_SELECTOR, ".switcher input[name=q]")
    box.send_keys("老坝港村")
    submit(browser, browser.find_element(By.CSS_SELECTOR, ".switcher button"))
    assert "老坝港村" in browser.find_element(By.CSS_SELECTOR, ".list-heading").text

    # A village of 李堡镇, typed into the address bar: the not-found page, not the village.
    browser.get(server + "/regions/320685102201")
    assert heading(browser) == "页面不存在"
    assert "杨庄村" not in browser.page_source
    assert "不在您的管辖范围内" in browser.find_element(By.CSS_SELECTOR, ".notice.error").text


def test_a_form_without_its_csrf_token_is_refused(server, browser):
    login(browser, server, "demo-town")
    # A form another site could plant: it posts to the logout action without the token.
    mark_page(browser)
    browser.execute_script(
        "const f = document.createElement('form'); f.method = 'post'; f.action = '/logout';"
        "document.body.appendChild(f); f.submit();"
    )
    wait_for_new_page(browser)
    assert heading(browser) == "无权访问"
    assert "CSRF" in browser.find_element(By.CSS_SELECTOR, ".notice.error").text
    # Nothing changed: still signed in.
    browser.get(server + "/")
    assert heading(browser) == "辖区概况"

    # A wrong token is refused the same way.
    browser.execute_script("document.querySelector('form[action=\"/logout\"] input[name=_csrf]').value = 'forged';")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button"))
    assert heading(browser) == "无权访问"


def test_logout(server, browser):
    login(browser, server, "demo-town")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/logout'] button"))
    assert heading(browser) == "登录"
    assert "您已安全退出" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    browser.get(server + "/regions/320685101")
    assert heading(browser) == "登录"


def test_five_wrong_passwords_lock_the_account(server, browser):
    for attempt in range(1, 6):
        login(browser, server, "demo-town2", f"wrong-password-{attempt}")
        message = browser.find_element(By.CSS_SELECTOR, ".notice.error").text
        if attempt < 5:
            assert message == "用户名或密码错误"
    assert "账户已锁定" in message
    screenshot(browser, "login-locked")
    # Even the right password is refused now.
    login(browser, server, "demo-town2", DEMO_PASSWORD)
    assert "账户已锁定" in browser.find_element(By.CSS_SELECTOR, ".notice.error").text


HOMES = {
    "demo-city": ("辖区概况", "海安市"),
    "demo-town": ("辖区概况", "角斜镇"),
    "demo-tongliao": ("辖区概况", "通辽市"),
    "demo-county": ("辖区概况", "科尔沁左翼中旗"),
    "demo-security": ("账户与权限", "本辖区账户"),
    "demo-auditor": ("审计概览", "最近的审计条目"),
}


@pytest.mark.parametrize("username", sorted(HOMES))
def test_home_page_of_each_demo_role(server, browser, username):
    login(browser, server, username)
    title, text = HOMES[username]
    assert heading(browser) == title
    assert text in browser.find_element(By.TAG_NAME, "main").text
    # The stylesheet is applied (the top bar is the brand's blue), so the layout is as intended.
    colour = browser.find_element(By.CSS_SELECTOR, ".topbar").value_of_css_property("background-color")
    assert colour in ("rgba(11, 83, 148, 1)", "rgb(11, 83, 148)")
    screenshot(browser, f"home-{username}")


def test_home_page_on_a_phone(server, phone):
    login(phone, server, "demo-city")
    assert heading(phone) == "辖区概况"
    screenshot(phone, "home-demo-city-phone")
    # A phone's viewport, and nothing wider than it.
    assert phone.execute_script("return window.innerWidth") == 390
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390


def test_a_list_on_a_phone_is_cards_with_the_filters_folded(server, phone):
    login(phone, server, "demo-city")
    phone.get(server + "/facilities")
    assert heading(phone) == "设施名录"
    # The filters start folded (the script closes them on a small screen); a tap opens them.
    assert phone.execute_script("return document.querySelector('details.filter-panel').open") is False
    # Rows are cards whose cells say what they are; nothing is wider than the phone.
    assert phone.execute_script("return getComputedStyle(document.querySelector('table.cards thead')).display") == "none"
    label = phone.execute_script("return getComputedStyle(document.querySelector('table.cards td'), '::before').content")
    assert label == '"序号"'
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
    screenshot(phone, "facilities-phone")
