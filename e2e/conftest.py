"""Browser journeys in real Chromium against `yanglao serve --demo`.

The server is started once per test session on a free port in a fresh directory (so the demo
database is new); each test gets its own browser, so cookies never leak between tests.
Screenshots go to e2e/screenshots/ (kept out of git), or to $E2E_SCREENSHOTS.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS", ROOT / "e2e" / "screenshots"))
# Selenium Manager must never try to download a browser or a driver: Debian's are used.
os.environ.setdefault("SE_OFFLINE", "true")
CHROMIUM = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
DEMO_PASSWORD = "yanglao-demo"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def yanglao_binary():
    binary = Path(os.environ.get("YANGLAO_BIN", ROOT / ".build" / "debug" / "yanglao"))
    if not binary.exists():
        subprocess.run(["swift", "build", "--product", "yanglao"], cwd=ROOT, check=True)
    return binary


def running_server():
    """Starts `yanglao serve --demo` in a fresh directory on a free port; yields its address, then stops it."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip(f"Chromium or chromedriver is missing ({CHROMIUM}, {CHROMEDRIVER}): install Debian's chromium and chromium-driver")
    binary = yanglao_binary()
    workdir = Path(tempfile.mkdtemp(prefix="yanglao-e2e-"))
    port = free_port()
    log = open(workdir / "server.log", "w")
    env = dict(os.environ, LOG_LEVEL="warning")
    env.pop("DATABASE_URL", None)
    process = subprocess.Popen(
        [str(binary), "serve", "--demo", "--port", str(port)], cwd=workdir, stdout=log, stderr=subprocess.STDOUT, env=env
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            process.kill()
            raise RuntimeError("yanglao serve --demo did not start:\n" + (workdir / "server.log").read_text())
        time.sleep(0.5)
    yield base
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def server():
    """The demo server most journeys share."""
    yield from running_server()


@pytest.fixture(scope="module")
def own_server():
    """A demo server of the module's own, for journeys that change the demo territory."""
    yield from running_server()


DOWNLOADS = Path(tempfile.mkdtemp(prefix="yanglao-e2e-downloads-"))


def make_driver(width=1280, height=900, phone=False):
    options = Options()
    options.binary_location = CHROMIUM
    options.add_experimental_option("prefs", {"download.default_directory": str(DOWNLOADS), "download.prompt_for_download": False})
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}", "--lang=zh-CN"):
        options.add_argument(argument)
    if phone:
        # A real phone's viewport: a headless window cannot be made narrower than about 500 pixels.
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(3)
    return driver


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def phone():
    driver = make_driver(390, 844, phone=True)
    yield driver
    driver.quit()


def submit(driver, button):
    """Clicks a button that leads to a new page and waits until that page has replaced this one."""
    mark_page(driver)
    button.click()
    wait_for_new_page(driver)


def mark_page(driver):
    """Marks the current page, so that `wait_for_new_page` knows when another has replaced it."""
    driver.execute_script("window.__yanglaoOldPage = true;")


def wait_for_new_page(driver, *_):
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return window.__yanglaoOldPage === undefined && document.readyState === 'complete';")
    )


def login(driver, base, username, password=DEMO_PASSWORD):
    driver.get(base + "/login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))


def heading(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def screenshot(driver, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The whole page, not just the window.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, max(height + 120, 600))
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def wait_for_download(name_part, timeout=15):
    """The path of a finished download whose name contains `name_part`."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [path for path in DOWNLOADS.iterdir() if name_part in path.name and not path.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no download containing {name_part!r} in {DOWNLOADS}: {list(DOWNLOADS.iterdir())}")
