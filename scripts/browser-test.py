#!/usr/bin/python3
"""The staff web UI in a real browser (issue 6 item 9): headless Chromium driven by Selenium.

An officer signs in, creates an on-site penalty activity, uploads a file watching the progress bar,
explains a gap in the recording, and drafts the decision's publication; a second person of the legal
section approves and publishes it; the decision is then found on the public portal. Screenshots of
each step go to the output directory.

Usage: browser-test.py BASE_URL PASSWORDS_FILE OUTPUT_DIR
PASSWORDS_FILE holds the demo accounts as printed by `lawtrail serve --demo`.
"""
import json
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, PASSWORDS, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(OUT, exist_ok=True)
accounts = dict(re.findall(r"^\s+(demo-[a-z0-9-]+)\s+(\S+)\s", open(PASSWORDS, encoding="utf-8").read(), re.M))
stamp = str(int(time.time()))[-6:]
case_number = f"普应急罚〔2026〕{stamp}号"

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000", "--lang=zh-CN"):
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 30)
step = 0


def shot(name):
    global step
    step += 1
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 4000))
    driver.save_screenshot(os.path.join(OUT, f"{step:02d}-{name}.png"))
    driver.set_window_size(1280, 1000)


def check(condition, message):
    if not condition:
        shot("failure")
        raise AssertionError(message)
    print("ok -", message)


def sign_in(username):
    driver.delete_all_cookies()
    driver.get(BASE + "/staff/sign-in")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(accounts[username])
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait.until(EC.title_contains("我的工作"))


def api(method, path, token=None, body=None, headers=None):
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    request = urllib.request.Request(BASE + path, data=data, method=method)
    if isinstance(body, (dict, list)):
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        raise AssertionError(f"{method} {path}: {error.code} {error.read().decode()}")


try:
    # 1. The officer signs in and creates an on-site penalty activity.
    sign_in("demo-officer")
    shot("dashboard-officer")
    driver.get(BASE + "/staff/activities/new")
    driver.find_element(By.ID, "caseNumber").send_keys(case_number)
    driver.find_element(By.ID, "caseTitle").send_keys("未按规定对从业人员进行安全生产教育和培训")
    Select(driver.find_element(By.ID, "kind")).select_by_value("penalty")
    Select(driver.find_element(By.ID, "unitId")).select_by_visible_text("执法大队")
    driver.find_element(By.ID, "address").send_keys("上海市普陀区真北路1888号")
    for name in ("王建华", "李秀英"):
        driver.find_element(By.XPATH, f"//label[contains(., '{name}')]/input").click()
    # What was told on site is ticked by the officer, never pre-ticked (issue 10 item 6).
    told = driver.find_elements(By.XPATH, "//label[contains(., '已告知')]/input")
    check(len(told) >= 5 and not any(box.is_selected() for box in told), "nothing is pre-ticked as told")
    for box in told:
        box.click()
    shot("activity-form")
    driver.find_element(By.ID, "create-activity").click()
    wait.until(EC.presence_of_element_located((By.ID, "upload-form")))
    activity_id = driver.find_element(By.ID, "upload-form").get_attribute("data-activity")
    check(case_number in driver.page_source, "the activity was created")

    # 2. Upload a 24 MB photo with the progress bar.
    photo = os.path.join(tempfile.mkdtemp(), "site-photo.jpg")
    with open(photo, "wb") as handle:
        handle.write(bytes([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + b"JFIF\x00" + os.urandom(24 * 1024 * 1024))
    driver.find_element(By.ID, "upload-file").send_keys(photo)
    driver.find_element(By.ID, "upload-start").click()
    WebDriverWait(driver, 60).until(lambda d: "已上传" in d.find_element(By.ID, "upload-status").text
                                    or "上传完成" in d.find_element(By.ID, "upload-status").text)
    shot("upload-progress")
    WebDriverWait(driver, 120).until(lambda d: "照片" in d.find_element(By.ID, "records").text)
    check("照片" in driver.find_element(By.ID, "records").text, "the upload became a photo record")

    # 3. A recording with a gap arrives from the body camera (through the API), then the gap is explained in the page.
    status, _, body = api("POST", "/api/v1/sessions", body={"username": "demo-officer", "password": accounts["demo-officer"]})
    token = json.loads(body)["token"]
    record_ids = []
    for start, end in (("2026-11-29T01:00:00Z", "2026-11-29T01:20:00Z"), ("2026-11-29T01:30:00Z", "2026-11-29T01:50:00Z")):
        video = bytes.fromhex("000000186674797069736f6d0000020069736f6d69736f32") + os.urandom(4096)
        status, headers, body = api("POST", "/api/v1/uploads", token, {
            "length": len(video), "mimeType": "video/mp4", "form": "media", "activityId": activity_id,
            "captureStart": start, "captureEnd": end})
        upload_id = json.loads(body)["id"]
        status, headers, _ = api("PATCH", f"/api/v1/uploads/{upload_id}", token, video,
                                 {"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
        record_ids.append(headers.get("LawTrail-Record-Id"))
    api("POST", "/api/v1/recording-sessions", token, {
        "activityId": activity_id, "medium": "video", "recordIds": record_ids, "counterpartyToldRecordingStarted": True})
    driver.refresh()
    form = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "form.explain-form")))
    Select(form.find_element(By.NAME, "reason")).select_by_value("battery-or-storage")
    form.find_element(By.NAME, "text").send_keys("执法记录仪电量不足，更换电池后继续录制")
    check(form.find_element(By.NAME, "at").get_attribute("value") == "", "the position in the recording is not pre-filled")
    form.find_element(By.NAME, "at").send_keys("00:19:55")
    shot("gap-form")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(lambda d: "已说明" in d.page_source)
    check("电量或存储空间不足" in driver.page_source, "the gap is explained")
    shot("gap-explained")

    # 4. The officer drafts the decision's publication from the case and completes it.
    driver.get(BASE + "/staff/publications")
    Select(driver.find_element(By.ID, "caseId")).select_by_visible_text(f"{case_number}（行政处罚）")
    Select(driver.find_element(By.ID, "personId")).select_by_visible_text("王建华")
    driver.find_element(By.CSS_SELECTOR, "#draft-title ~ form button").click()
    wait.until(EC.presence_of_element_located((By.ID, "f-decisionNumber")))
    values = {
        "decisionNumber": case_number, "legalRepresentative": "周国平",
        "violationType": "未按规定进行安全生产教育和培训", "violationFacts": "该公司3名新进从业人员未经安全生产教育和培训上岗作业。",
        "penaltyBasis": "《中华人民共和国安全生产法》第九十七条", "penaltyCategory": "罚款",
        "penaltyContent": "罚款人民币贰万元整", "fineAmount": "2", "decisionDate": "2026-11-27",
    }
    for key, value in values.items():
        field = driver.find_element(By.ID, "f-" + key)
        field.clear()
        field.send_keys(value)
    title = driver.find_element(By.ID, "title")
    title.clear()
    title.send_keys(f"{case_number} 行政处罚决定")
    shot("publication-draft")
    save = driver.find_element(By.NAME, "save")
    save.click()
    wait.until(EC.staleness_of(save))
    submit = wait.until(EC.element_to_be_clickable((By.ID, "submit")))
    submit.click()
    wait.until(EC.staleness_of(submit))
    wait.until(lambda d: d.find_element(By.ID, "state").text == "待审核")
    publication_url = driver.current_url
    check(True, "the draft is submitted for review")

    # 5. The legal section approves (a second person) and publishes.
    sign_in("demo-legal-section")
    shot("dashboard-legal")
    driver.get(publication_url)
    approve = driver.find_element(By.ID, "approve")
    approve.click()
    wait.until(EC.staleness_of(approve))
    check(driver.find_element(By.ID, "state").text == "已审核", "approved by a second person")
    publish = driver.find_element(By.ID, "publish")
    publish.click()
    wait.until(EC.staleness_of(publish))
    wait.until(lambda d: d.find_element(By.ID, "state").text == "已公示")
    shot("publication-published")
    check(True, "approved by the legal section and published")

    # 6. The public finds it on the portal.
    driver.delete_all_cookies()
    driver.get(BASE + "/publications?q=" + urllib.request.quote(case_number))
    link = wait.until(EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, case_number)))
    shot("portal-search")
    link.click()
    wait.until(EC.title_contains(case_number))
    check("罚款人民币贰万元整" in driver.page_source and "核验本页内容" in driver.page_source, "the decision is on the public portal")
    shot("portal-detail")
    print("browser test passed")
finally:
    driver.quit()
