#!/usr/bin/python3
"""The staff web UI in a real browser (issue 6 item 9): headless Chromium driven by Selenium.

An officer signs in, creates an on-site penalty activity, uploads a file watching the progress bar,
explains a gap in the recording, and drafts the decision's publication; a second person of the legal
section approves and publishes it; the decision is then found on the public portal, where a visitor
on a 390 px phone verifies it online and prints it (issue 10 items 7 and 8): the check passes, and
fails when the proof, the content, the page or the signature is tampered with inside the page; a
browser without Ed25519 is told so. The public pages log no console error and no CSP violation.
Screenshots of each step go to the output directory.

Usage: browser-test.py BASE_URL PASSWORDS_FILE OUTPUT_DIR
PASSWORDS_FILE holds the demo accounts as printed by `lawtrail serve --demo`.
"""
import base64
import json
import struct
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
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
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
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # console errors and CSP violations
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
# Every document records the CSP violations it meets (DevTools scripts are not subject to the CSP).
driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", function (e) {
        window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
    });"""})
# A page replaced while it is being looked at is a moment of a navigation, not a failure.
wait = WebDriverWait(driver, 30, ignored_exceptions=(StaleElementReferenceException, WebDriverException))
step = 0


# Realistic lengths (issue 10): a decision's facts run to a couple of thousand characters.
FACTS = ("2026年11月3日，本局执法人员王建华、李秀英对上海华宇精细化工有限公司进行安全生产监督检查，"
         "发现该公司于2026年9月至10月期间新招录的3名从业人员（操作工岗位）未经安全生产教育和培训即上岗作业，"
         "且该公司未能提供上述人员的岗前安全培训记录和考核合格证明。") * 12
CORRECTION_REASON = ("经复核，原公示的处罚内容与已送达的行政处罚决定书不一致：决定书载明罚款人民币贰万伍仟元整，"
                     "公示时误录为贰万元整。现依据《上海市普陀区应急管理行政执法公示办法》予以更正。") * 3
REQUEST_TEXT = ("本人系该公司员工家属，注意到公示信息中关于违法事实的描述与实际情况存在出入，"
                "公司已于检查后三日内补办了岗前培训并留存了考核记录，请予以核实并更正。") * 5


def mp4(created_unix, seconds):
    """A small MP4: ftyp, then moov with a version-0 mvhd (ISO/IEC 14496-12 §8.2.2), then mdat."""
    ftyp = struct.pack(">I4s4sI4s4s", 24, b"ftyp", b"isom", 0x200, b"isom", b"mp41")
    body = struct.pack(">B3xIIII", 0, created_unix + 2082844800, created_unix + 2082844800, 1000, seconds * 1000)
    body += struct.pack(">IH", 0x00010000, 0x0100) + bytes(10) + bytes(36) + bytes(24) + struct.pack(">I", 2)
    mvhd = struct.pack(">I4s", 8 + len(body), b"mvhd") + body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    payload = os.urandom(64 * 1024)
    return ftyp + moov + struct.pack(">I4s", 8 + len(payload), b"mdat") + payload


def fill(element, text):
    """Sets a long value the way a paste does (send_keys types one character at a time)."""
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", element, text)


page_problems = []


def look(name):
    """Every page the test sees: no console error, no CSP violation, nothing wider than the window."""
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            page_problems.append(f"{name}: {entry.get('message')}")
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        page_problems.append(f"{name}: {overflow} px wider than the window")


def shot(name, width=1280):
    """A full-page screenshot at `width` (390 for the phone steps)."""
    global step
    look(name)
    step += 1
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(width, min(max(height, 800), 4000))
    driver.save_screenshot(os.path.join(OUT, f"{step:02d}-{name}.png"))
    driver.set_window_size(width, 1000 if width > 500 else 844)


def check(condition, message):
    if not condition:
        shot("failure")
        raise AssertionError(message)
    print("ok -", message)


def csp_violations():
    return driver.execute_script("return window.__cspViolations || []")


# Tampering inside the page, by the test only: each replaces one answer the page's script fetches.
TAMPER_FETCH = r"""
    var tamper = arguments[0], original = window.fetch;
    window.fetch = async function (url, init) {
        var response = await original(url, init);
        var path = String(url);
        function answer(text) { return new Response(text, {status: 200, headers: {"Content-Type": "text/plain"}}); }
        function flip(b64) {
            var bytes = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
            bytes[bytes.length - 1] ^= 1;
            return btoa(String.fromCharCode.apply(null, bytes));
        }
        if (tamper === "proof" && path.indexOf("/ledger/proof/inclusion") >= 0) {
            var proof = await response.json();
            proof.hashes[0] = flip(proof.hashes[0]);
            return answer(JSON.stringify(proof));
        }
        if (tamper === "content" && path.indexOf("/content.json") >= 0) {
            var content = await response.json();
            content.fields.penaltyContent += "（减半）";
            return answer(JSON.stringify(content));
        }
        if (tamper === "signature" && path.indexOf("/ledger/checkpoint") >= 0) {
            var lines = (await response.text()).split("\n");
            var last = lines.length - 2, space = lines[last].lastIndexOf(" ");
            lines[last] = lines[last].slice(0, space + 1) + flip(lines[last].slice(space + 1));
            return answer(lines.join("\n"));
        }
        return response;
    };"""
TAMPER_PAGE = """
    document.querySelector('[data-content-key="fields.penaltyContent"]').textContent = "罚款人民币贰佰元整";"""
NO_ED25519 = """
    var subtle = window.crypto.subtle, importKey = subtle.importKey;
    subtle.importKey = function (format, key, algorithm) {
        if ((algorithm && algorithm.name || algorithm) === "Ed25519") {
            return Promise.reject(new DOMException("Ed25519 is not supported", "NotSupportedError"));
        }
        return importKey.apply(subtle, arguments);
    };"""


def verify_online(url, script=None, argument=None, name=None):
    """Opens `url`, runs `script` in it (tampering), clicks 在线核验; returns the overall result,
    each step's result and the summary text."""
    driver.get(url)
    button = wait.until(EC.visibility_of_element_located((By.ID, "verify-button")))
    if script:
        driver.execute_script(script, argument)
    button.click()
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element(By.ID, "verify-result").get_attribute("data-result") not in (None, "", "running"))
    summary = driver.find_element(By.ID, "verify-summary")
    steps = {item.get_attribute("data-step"): item.get_attribute("data-result")
             for item in driver.find_elements(By.CSS_SELECTOR, "#verify-result li")}
    label = argument or ("tampered" if script else "untampered")
    if name:
        shot(name)
    else:
        look("online check, " + label)
    check(csp_violations() == [], f"no CSP violation on the page ({label}): {csp_violations()}")
    return summary.get_attribute("data-result"), steps, driver.find_element(By.ID, "verify-result").text


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

    # 3. Two clips from the body camera are uploaded in the page; their capture times come from the
    # MP4 movie header (mvhd). The officer makes them one recording session, and explains the gap.
    clip_start = int(time.time()) - 3 * 3600
    for index, (offset, seconds) in enumerate(((0, 1200), (1800, 1200))):
        clip = os.path.join(tempfile.mkdtemp(), f"DJI_000{index + 1}.MP4")
        with open(clip, "wb") as handle:
            handle.write(mp4(clip_start + offset, seconds))
        driver.find_element(By.ID, "upload-file").send_keys(clip)
        driver.find_element(By.ID, "upload-start").click()
        WebDriverWait(driver, 60).until(lambda d: "上传完成" in d.find_element(By.ID, "upload-status").text)
        WebDriverWait(driver, 60).until(EC.presence_of_element_located((By.ID, "upload-form")))
        time.sleep(1)
    driver.get(BASE + f"/staff/activities/{activity_id}")
    builder = wait.until(EC.presence_of_element_located((By.ID, "build-session")))
    builder.find_element(By.TAG_NAME, "summary").click()
    clips = builder.find_elements(By.CSS_SELECTOR, "input[name='recordIds[]']")
    check(len(clips) == 2 and all(c.is_enabled() for c in clips), "both clips carry capture times read from the file")
    for box in clips:
        box.click()
    builder.find_element(By.NAME, "told").click()
    shot("session-builder")
    builder.find_element(By.ID, "build-session-submit").click()
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

    # 3b. The officer writes the full 行政处罚决定书 in the browser: several KB of Chinese
    # (issue 10 item 1: staff forms over ~1.6 KB used to be refused as "页面已过期").
    driver.get(BASE + f"/staff/activities/{activity_id}/documents/new?template=penalty-decision")
    decision = {
        "documentNumber": case_number, "party": "上海华宇精细化工有限公司", "partyIdentifier": "91310107MA1G00001X",
        "address": "上海市普陀区真北路1888号", "legalRepresentative": "周国平", "legalRepresentativePosition": "总经理",
        "factsAndEvidence": FACTS, "violatedProvisions": "《中华人民共和国安全生产法》第二十八条第一款",
        "penaltyBasis": "《中华人民共和国安全生产法》第九十七条第（三）项", "penalty": "罚款人民币贰万元整",
        "fineAmount": "20000", "paymentMethodAndDeadline": "自收到本决定书之日起十五日内缴至指定银行",
        "reviewAuthority": "上海市普陀区人民政府", "court": "上海市普陀区人民法院", "decidedOn": "2026-11-27",
    }
    for key, value in decision.items():
        fill(driver.find_element(By.ID, "f-" + key), value)
    shot("penalty-decision-form")
    driver.find_element(By.ID, "f-decidedOn").submit()
    wait.until(EC.presence_of_element_located((By.ID, "upload-form")))
    check("行政处罚决定书" in driver.find_element(By.ID, "records").text, f"a {len(FACTS)}-character 行政处罚决定书 was saved")

    # 3c. A second activity in the same case (the hearing notice is served), added from the case's page.
    driver.get(BASE + f"/staff/activities/{activity_id}")
    driver.find_element(By.PARTIAL_LINK_TEXT, case_number).click()
    driver.find_element(By.ID, "add-activity").click()
    check(case_number in driver.find_element(By.ID, "existing-case").text, "the new activity form names the existing case")
    fill(driver.find_element(By.ID, "address"), "上海市普陀区真北路1888号")
    for name in ("王建华", "李秀英"):
        driver.find_element(By.XPATH, f"//label[contains(., '{name}')]/input").click()
    driver.find_element(By.ID, "create-activity").click()
    wait.until(EC.presence_of_element_located((By.ID, "upload-form")))
    driver.find_element(By.PARTIAL_LINK_TEXT, case_number).click()
    rows = driver.find_elements(By.CSS_SELECTOR, "#case-activities tbody tr")
    check(len(rows) == 2, "the case now has two activities")
    shot("case-two-activities")

    # 3d. An 询问笔录 marked 个人隐私: opening it needs someone else's approval (issue 10 item 2).
    driver.get(BASE + f"/staff/activities/{activity_id}/documents/new?template=inquiry-record")
    for field in driver.find_elements(By.CSS_SELECTOR, "form.form-grid [id^='f-']"):
        kind = field.get_attribute("type")
        value = {"date": "2026-11-20", "datetime-local": "2026-11-20T09:00", "number": "1"}.get(kind, "见询问录音，逐句记录")
        fill(field, value)
    Select(driver.find_element(By.ID, "sensitivity")).select_by_value("personal-privacy")
    driver.find_element(By.ID, "sensitivity").submit()
    wait.until(EC.presence_of_element_located((By.ID, "upload-form")))
    driver.find_element(By.XPATH, "//table[@id='records']//tr[contains(., '个人隐私')]//a").click()
    request_button = wait.until(EC.presence_of_element_located((By.ID, "request-retrieval")))
    check(not driver.find_elements(By.NAME, "requestId"), "a sensitive record offers the request form at once and asks for no request number")
    Select(driver.find_element(By.ID, "r-purpose")).select_by_value("case-review")
    driver.find_element(By.ID, "r-text").send_keys("核对询问笔录与现场检查记录是否一致")
    request_button.click()
    wait.until(lambda d: "调阅申请已提交" in d.page_source)
    sensitive_url = driver.current_url.split("?")[0]
    check("待审批" in driver.page_source, "the request and its state show on the record")
    shot("sensitive-requested")

    # 4. The legal section drafts the decision's publication from the case and completes the long form.
    sign_in("demo-legal-section")
    driver.get(BASE + "/staff/publications")
    Select(driver.find_element(By.ID, "caseId")).select_by_visible_text(f"{case_number}（行政处罚）")
    Select(driver.find_element(By.ID, "personId")).select_by_visible_text("王建华")
    driver.find_element(By.CSS_SELECTOR, "#draft-title ~ form button").click()
    wait.until(EC.presence_of_element_located((By.ID, "f-decisionNumber")))
    values = {
        "decisionNumber": case_number, "legalRepresentative": "周国平",
        "violationType": "未按规定进行安全生产教育和培训", "violationFacts": FACTS[:900],
        "penaltyBasis": "《中华人民共和国安全生产法》第九十七条", "penaltyCategory": "罚款",
        "penaltyContent": "罚款人民币贰万元整", "fineAmount": "2", "decisionDate": "2026-11-27",
    }
    check(driver.find_element(By.ID, "f-violationFacts").get_attribute("value").startswith(FACTS[:40]),
          "the draft took the facts from the decision")
    check(driver.find_element(By.ID, "f-violationType").get_attribute("value") == "",
          "违反的规定 is not copied into 违法行为类型")
    for key, value in values.items():
        fill(driver.find_element(By.ID, "f-" + key), value)
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
    publication_url = driver.current_url.split("?")[0]
    # Four eyes (SPEC P11): the drafter is not offered to approve, and a forged approval is refused.
    check(not driver.find_elements(By.ID, "approve"), "the drafter is not offered to approve their own draft")
    driver.execute_script("""
        var form = document.createElement('form'); form.method = 'post'; form.action = location.pathname + '/step';
        [['csrf', document.querySelector('meta[name=csrf-token]').content], ['action', 'approve']].forEach(function (pair) {
          var input = document.createElement('input'); input.type = 'hidden'; input.name = pair[0]; input.value = pair[1];
          form.appendChild(input);
        });
        document.body.appendChild(form); form.submit();""")
    wait.until(lambda d: d.find_elements(By.ID, "error"))
    check("不能审核本人起草" in driver.find_element(By.ID, "error").text and driver.find_element(By.ID, "state").text == "待审核",
          "approving one's own draft is refused")
    driver.get_log("browser")  # the refused step answers 403 by design: not a page error
    check(True, "the draft is submitted for review")

    # 5. A second person of the legal section approves and publishes.
    sign_in("demo-legal-section-2")
    driver.get(BASE + "/staff/retrieval-requests")
    row = driver.find_element(By.XPATH, f"//tr[contains(., '{case_number}') and contains(., '询问笔录')]")
    check("演示执法人员" in row.text or "执法人员" in row.text, "the approver sees the record, the case and who asks")
    row.find_element(By.XPATH, ".//button[text()='批准']").click()
    wait.until(EC.presence_of_element_located((By.ID, "confirmation")))
    shot("retrieval-approved")
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

    # 5b. A correction with a long reason, proposed by one person and applied by another (SPEC P9.1, P11).
    driver.find_element(By.CSS_SELECTOR, "details summary").click()
    fill(driver.find_element(By.ID, "c-penaltyContent"), "罚款人民币贰万伍仟元整")
    fill(driver.find_element(By.ID, "correctionReason"), CORRECTION_REASON)
    propose = driver.find_element(By.ID, "correctionReason")
    propose.submit()
    wait.until(EC.staleness_of(propose))
    check("有待审核的更正" in driver.page_source, f"a correction with a {len(CORRECTION_REASON)}-character reason was proposed")
    check(not driver.find_elements(By.CSS_SELECTOR, "button[value=apply-correction]"),
          "the proposer is not offered to apply their own correction (four eyes)")
    sign_in("demo-legal-section")
    driver.get(publication_url)
    apply = driver.find_element(By.CSS_SELECTOR, "button[value=apply-correction]")
    apply.click()
    wait.until(lambda d: d.find_element(By.ID, "state").text == "已更正")
    shot("publication-corrected")
    check(True, "the correction was applied by a second person")

    # 5c. The officer opens the approved record without typing a request number.
    sign_in("demo-officer")
    driver.get(BASE + "/staff/my-retrieval-requests")
    driver.find_element(By.PARTIAL_LINK_TEXT, "去调阅").click()
    Select(wait.until(EC.presence_of_element_located((By.ID, "purpose")))).select_by_value("case-review")
    driver.find_element(By.ID, "retrieve").click()
    wait.until(EC.presence_of_element_located((By.ID, "document")))
    check("被询问人姓名" in driver.page_source and driver.find_elements(By.ID, "print"), "the approved record opens, printable")
    shot("sensitive-opened")

    # 6. The public finds it on the portal.
    driver.delete_all_cookies()
    driver.get(BASE + "/publications?q=" + urllib.request.quote(case_number))
    link = wait.until(EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, case_number)))
    shot("portal-search")
    link.click()
    wait.until(EC.title_contains(case_number))
    check("罚款人民币贰万伍仟元整" in driver.page_source and "核验本页内容" in driver.page_source, "the corrected decision is on the public portal")
    shot("portal-detail")
    detail_url = driver.current_url

    # 7. A member of the public on a 390 px phone asks for a correction, in several hundred characters.
    driver.set_window_size(390, 844)
    driver.find_element(By.PARTIAL_LINK_TEXT, "认为内容有误").click()
    wait.until(EC.presence_of_element_located((By.ID, "description")))
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check(width <= 390, f"the correction form fits a 390 px phone ({width} px)")
    driver.find_element(By.ID, "name").send_keys("张先生")
    driver.find_element(By.ID, "contact").send_keys("13800000000")
    fill(driver.find_element(By.ID, "description"), REQUEST_TEXT)
    shot("correction-request-phone", width=390)
    driver.find_element(By.ID, "description").submit()
    wait.until(lambda d: "受理编号" in d.page_source or "回执" in d.page_source)
    check(True, f"a {len(REQUEST_TEXT)}-character correction request was received")
    shot("correction-receipt-phone", width=390)
    check(not page_problems, "no console error, no CSP violation, no page wider than its window"
          + ("" if not page_problems else ":\n  " + "\n  ".join(page_problems)))

    # 8. The visitor, still on the phone, verifies the decision online (issue 10 item 8), with WebCrypto in the page.
    driver.set_window_size(390, 844)
    for attempt in range(10):  # the checkpoint is signed just after the leaf: wait for it at most a few seconds
        result, steps, text = verify_online(detail_url)
        if result != "wait":
            break
        time.sleep(1)
    check(result == "pass" and steps == {"page": "pass", "leaf": "pass", "inclusion": "pass", "signature": "pass"},
          f"the online check of the published decision passes: {result} {steps} {text}")
    check("核验通过" in text and "数字签名" in text, "it says in plain Chinese what was checked")
    width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    check(width[0] <= width[1], f"the verified page is no wider than the phone: {width}")
    shot("portal-verified-phone", width=390)
    driver.set_window_size(1280, 1000)

    # ... and every tampering inside the page shows a failure of the step it breaks.
    for tamper, script, broken in (("proof", TAMPER_FETCH, "inclusion"), ("content", TAMPER_FETCH, "leaf"),
                                   ("signature", TAMPER_FETCH, "signature"), ("page", TAMPER_PAGE, "page")):
        result, steps, text = verify_online(detail_url, script, tamper, name=f"portal-verify-tampered-{tamper}")
        check(result == "fail" and steps.get(broken) == "fail" and "核验未通过" in text,
              f"a tampered {tamper} fails the online check: {result} {steps}")
    result, steps, text = verify_online(detail_url, NO_ED25519)
    check(result == "partial" and steps.get("signature") == "skip"
          and "您的浏览器不支持 Ed25519 签名核验，签名一项未核验" in text and "核验通过" not in text,
          f"a browser without Ed25519 is told the signature was not checked: {result} {steps}")

    # 9. ... and prints it (issue 10 item 7): the 打印 button prints; the print view has no navigation, no buttons.
    driver.get(detail_url)
    driver.execute_script("window.__printed = 0; window.print = function () { window.__printed += 1; };")
    wait.until(EC.visibility_of_element_located((By.ID, "print-button"))).click()
    check(driver.execute_script("return window.__printed") == 1, "the 打印 button prints the page")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    shown = driver.execute_script("""
        function hidden(selector) {
            return Array.prototype.every.call(document.querySelectorAll(selector), function (e) { return e.offsetParent === null; });
        }
        return hidden(".site-header") && hidden("nav") && hidden("button") && hidden(".button") && hidden(".crumbs")
            && hidden(".verify-online") && document.querySelector("table.fields").offsetParent !== null
            && document.querySelector("h1").offsetParent !== null;""")
    check(shown, "printed, the page shows the decision without navigation or buttons")
    shot("portal-print-view")
    with open(os.path.join(OUT, f"{step + 1:02d}-portal-print.pdf"), "wb") as handle:
        handle.write(base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"]))
    step += 1
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    check(csp_violations() == [], "no CSP violation on the printed page")

    # 10. Once withdrawn, the page shows no content, and the online check proves the withdrawal's leaf.
    status, _, body = api("POST", "/api/v1/sessions", body={"username": "demo-legal-section", "password": accounts["demo-legal-section"]})
    legal_token = json.loads(body)["token"]
    api("POST", "/api/v1/publications/" + detail_url.rstrip("/").split("/")[-1] + "/withdraw", legal_token,
        {"reason": "原处罚决定已被依法撤销"})
    for attempt in range(10):
        result, steps, text = verify_online(detail_url, name=None)
        if result != "wait":
            break
        time.sleep(1)
    check(result == "pass" and steps == {"page": "na", "leaf": "pass", "inclusion": "pass", "signature": "pass"}
          and "撤下记录" in text and not driver.find_elements(By.CSS_SELECTOR, "table.fields"),
          f"the withdrawn page checks its withdrawal online: {result} {steps}")
    shot("portal-withdrawn-verified")
    check(not page_problems, "verifying, tampering, printing, withdrawing: no console error, no CSP violation, no page wider"
          + ("" if not page_problems else ":\n  " + "\n  ".join(page_problems)))
    print("browser test passed")
finally:
    driver.quit()
