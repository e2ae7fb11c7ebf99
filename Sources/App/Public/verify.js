// LawTrail 在线核验 (issue 10 item 8; SPEC X3): checks a public page against the ledger in the
// visitor's browser, with WebCrypto only (SHA-256, Ed25519) and nothing but this script from our
// own origin. It mirrors what the offline check of a proof bundle does (Sources/Ledger/Bundles/
// ProofBundleCheck.swift; docs/ledger-format.md), one step at a time, and says in plain Chinese
// what each step checked and how it came out:
//   1. the text shown on the page is the page's canonical content (content.json), item by item;
//   2. that content's SHA-256 is the contentSha256 of the page's ledger leaf, and the leaf is
//      about this publication and version;
//   3. the leaf is in the tree: its RFC 9162 inclusion proof leads to the signed checkpoint's root;
//   4. the checkpoint carries a valid Ed25519 signature by the key published at /ledger/key.
// A step that cannot be checked (no Ed25519 in this browser, no content after a withdrawal) says
// so; it never counts as passed. Without JavaScript the button stays hidden and the proof bundle
// link still works.
(function () {
  "use strict";
  var section = document.getElementById("verify");
  var panel = document.getElementById("verify-online");
  var button = document.getElementById("verify-button");
  var output = document.getElementById("verify-result");
  if (!section || !panel || !button || !output || !section.dataset.entry) { return; }
  var data = section.dataset;
  var encoder = new TextEncoder();

  class Problem extends Error {}

  // MARK: Bytes

  function utf8(bytes) {
    try { return new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch (error) { throw new Problem("不是有效的 UTF-8 文本"); }
  }

  function concat() {
    var parts = Array.prototype.slice.call(arguments);
    var length = parts.reduce(function (sum, part) { return sum + part.length; }, 0);
    var result = new Uint8Array(length);
    var offset = 0;
    parts.forEach(function (part) { result.set(part, offset); offset += part.length; });
    return result;
  }

  function equal(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }

  function hex(bytes) {
    return Array.prototype.map.call(bytes, function (byte) { return (byte < 16 ? "0" : "") + byte.toString(16); }).join("");
  }

  // Standard base64 with padding, as the ledger writes it.
  function fromBase64(text, what) {
    if (typeof text !== "string" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
      throw new Problem(what + "不是有效的 base64 编码");
    }
    var binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  async function sha256(bytes) {
    return new Uint8Array(await window.crypto.subtle.digest("SHA-256", bytes));
  }

  // RFC 9162 §2.1: leaf hash = SHA-256(0x00 ‖ leaf), node hash = SHA-256(0x01 ‖ left ‖ right).
  function leafHash(leaf) { return sha256(concat(new Uint8Array([0]), leaf)); }
  function nodeHash(left, right) { return sha256(concat(new Uint8Array([1]), left, right)); }

  // RFC 9162 §2.1.3.2, step by step as MerkleVerifier.rootFromInclusionProof (BigInt: sizes are 64-bit).
  async function rootFromInclusionProof(hash, index, size, proof) {
    if (index >= size) { throw new Problem("记录序号不小于账本的记录数"); }
    var fn = index;
    var sn = size - 1n;
    var r = hash;
    for (var i = 0; i < proof.length; i++) {
      if (sn === 0n) { throw new Problem("收录证明的哈希比应有的多"); }
      if ((fn & 1n) === 1n || fn === sn) {
        r = await nodeHash(proof[i], r);
        if ((fn & 1n) === 0n) {
          while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
        }
      } else {
        r = await nodeHash(r, proof[i]);
      }
      fn >>= 1n;
      sn >>= 1n;
    }
    if (sn !== 0n) { throw new Problem("收录证明的哈希比应有的少"); }
    return r;
  }

  // MARK: Reading what the server sends

  async function get(url, what) {
    var response;
    try {
      response = await window.fetch(url, { credentials: "same-origin" });
    } catch (error) {
      throw new Problem("无法读取" + what + "：网络连接失败，请检查网络后重试。");
    }
    if (!response.ok) {
      throw new Problem("无法读取" + what + "（服务器答复 " + response.status + "），请稍后重试。");
    }
    return new Uint8Array(await response.arrayBuffer());
  }

  function json(bytes, what) {
    try { return JSON.parse(utf8(bytes)); } catch (error) { throw new Problem(what + "不是有效的 JSON 数据"); }
  }

  // The verifier key: <name>+<key id, 8 hex>+<base64(0x01 ‖ 32-byte Ed25519 public key)>.
  async function parseKey(bytes) {
    var text = utf8(bytes).trim();
    var first = text.indexOf("+");
    var second = first < 0 ? -1 : text.indexOf("+", first + 1);
    if (first <= 0 || second < 0) { throw new Problem("本局公钥格式有误"); }
    var name = text.slice(0, first);
    var id = text.slice(first + 1, second).toLowerCase();
    var key = fromBase64(text.slice(second + 1), "本局公钥");
    if (!/^[0-9a-f]{8}$/.test(id) || key.length !== 33 || key[0] !== 1) { throw new Problem("本局公钥格式有误"); }
    var publicKey = key.slice(1);
    // Key id = first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).
    var computed = hex((await sha256(concat(encoder.encode(name), new Uint8Array([0x0a, 0x01]), publicKey))).slice(0, 4));
    if (computed !== id) { throw new Problem("本局公钥的编号与公钥本身不符"); }
    return { name: name, id: id, publicKey: publicKey };
  }

  // A C2SP signed note carrying a tlog-checkpoint: origin, size, root; a blank line; signatures.
  function parseCheckpoint(bytes) {
    var note = utf8(bytes);
    var split = note.lastIndexOf("\n\n");
    if (split < 0 || !note.endsWith("\n")) { throw new Problem("账本签名格式有误"); }
    var text = note.slice(0, split + 1);
    var lines = text.slice(0, -1).split("\n");
    if (lines.length < 3 || !/^(0|[1-9][0-9]*)$/.test(lines[1])) { throw new Problem("账本签名格式有误"); }
    var root = fromBase64(lines[2], "账本总指纹");
    if (root.length !== 32) { throw new Problem("账本总指纹长度有误"); }
    var signatures = note.slice(split + 2, -1).split("\n").map(function (line) {
      var match = /^\u2014 (\S+) (\S+)$/.exec(line);
      if (!match) { throw new Problem("账本签名格式有误"); }
      var blob = fromBase64(match[2], "签名");
      return { name: match[1], id: hex(blob.slice(0, 4)), signature: blob.slice(4) };
    });
    return { text: encoder.encode(text), origin: lines[0], size: BigInt(lines[1]), root: root, signatures: signatures };
  }

  // MARK: Words

  var stepNames = {
    published: "发布", corrected: "更正后发布", withdrawn: "撤下", expired: "公示期满", "ended-early": "提前结束公示",
  };

  function eventName(type) {
    var step = typeof type === "string" && type.indexOf("publication.") === 0 ? type.slice("publication.".length) : "";
    return stepNames[step] || "变动";
  }

  // "2026-11-29T01:02:03Z" → "2026年11月29日 9:02 北京时间".
  function beijingTime(at) {
    var time = Date.parse(at);
    if (isNaN(time)) { return ""; }
    var d = new Date(time + 8 * 3600 * 1000);
    var minutes = d.getUTCMinutes();
    return d.getUTCFullYear() + "年" + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日 " +
      d.getUTCHours() + ":" + (minutes < 10 ? "0" : "") + minutes + " 北京时间";
  }

  // How the page writes a content date: "2026-11-27" (or 2026/11/27) → "2026年11月27日".
  function chineseDate(value) {
    var match = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(value);
    return match ? Number(match[1]) + "年" + Number(match[2]) + "月" + Number(match[3]) + "日" : null;
  }

  function lookup(content, path) {
    var dot = path.indexOf(".");
    if (dot < 0) { return content[path]; }
    var inner = content[path.slice(0, dot)];
    return inner && typeof inner === "object" ? inner[path.slice(dot + 1)] : undefined;
  }

  function labelOf(element) {
    if (element.dataset.contentKey === "title") { return "标题"; }
    var row = element.closest("tr");
    var label = row ? row.querySelector("th") : element.previousElementSibling;
    return label ? label.textContent.trim() : element.dataset.contentKey;
  }

  // MARK: The four steps

  function result(id, title, outcome, text) { return { id: id, title: title, outcome: outcome, text: text }; }

  // 1. What the page shows is the canonical content, item by item, and nothing of it is missing.
  function checkPage(content) {
    var title = "本页显示的内容与原始数据一致";
    if (!content || typeof content !== "object" || !content.fields || typeof content.fields !== "object") {
      return result("page", title, "fail", "本页原始数据无法读取，无法与本页核对。");
    }
    var differing = [];
    var shownKeys = {};
    document.querySelectorAll("[data-content-key]").forEach(function (element) {
      var path = element.dataset.contentKey;
      shownKeys[path] = true;
      var expected = lookup(content, path);
      var shown = element.textContent;
      // HTML reads a carriage return as a line break: compare line breaks as the browser shows them.
      if (typeof expected === "string") { expected = expected.replace(/\r\n?/g, "\n"); }
      var same = typeof expected === "string" &&
        (shown === expected || (element.hasAttribute("data-date") && shown === chineseDate(expected)));
      if (!same) { differing.push("「" + labelOf(element) + "」"); }
    });
    var missing = Object.keys(content.fields).filter(function (key) { return !shownKeys["fields." + key]; }).length;
    ["title", "responsibleUnit", "responsiblePerson", "disclosure.legalBasis"].forEach(function (path) {
      var value = lookup(content, path);
      if (typeof value === "string" && value !== "" && !shownKeys[path]) { missing += 1; }
    });
    if (differing.length || missing) {
      var text = differing.length ? "本页显示的" + differing.join("、") + "与原始数据不同。" : "";
      if (missing) { text += "原始数据中有 " + missing + " 项内容本页没有显示。"; }
      return result("page", title, "fail", text);
    }
    return result("page", title, "pass",
      "本页显示的标题、" + Object.keys(content.fields).length + " 个栏目、责任单位、责任人和公开依据，与本页原始数据逐项相同。");
  }

  // 2. The leaf is this publication's, and records the SHA-256 of the content.
  async function checkLeaf(leaf, content, contentBytes) {
    var index = data.index;
    var title = contentBytes ? "原始数据的数字指纹与账本记录一致" : "账本记录属于本信息";
    if (!leaf || typeof leaf !== "object" || leaf.publicationId !== data.publication ||
        typeof leaf.type !== "string" || leaf.type.indexOf("publication.") !== 0) {
      return result("leaf", title, "fail", "账本第 " + index + " 条记录不是关于本信息的，不能用来核验本页。");
    }
    var when = leaf.at ? "，登记于" + beijingTime(leaf.at) : "";
    var what = "账本第 " + index + " 条记录（本信息的" + eventName(leaf.type) + "记录" + when + "）";
    if (!contentBytes) {
      return result("leaf", title, "pass", "账本第 " + index + " 条记录是本信息的" + eventName(leaf.type) + "记录" + when + "。");
    }
    if (!content || content.publicationId !== data.publication || content.versionId !== leaf.versionId) {
      return result("leaf", title, "fail", what + "登记的不是本页显示的这一版内容。");
    }
    var digest = hex(await sha256(contentBytes));
    if (typeof leaf.contentSha256 !== "string" || digest !== leaf.contentSha256) {
      return result("leaf", title, "fail", "您的浏览器算出的本页原始数据指纹（SHA-256，开头为 " + digest.slice(0, 16) +
        "）与" + what + "中登记的指纹不同：内容在登记后被改动过。");
    }
    return result("leaf", title, "pass", "您的浏览器算出本页原始数据（第 " + content.version + " 版）的指纹（SHA-256，开头为 " +
      digest.slice(0, 16) + "），与" + what + "中登记的指纹相同。");
  }

  // 3. The leaf's inclusion proof leads to the root of the signed checkpoint.
  async function checkInclusion(leafBytes, checkpoint, proofBytes) {
    var title = "该记录确实收录在账本中";
    var index = BigInt(data.index);
    if (index >= checkpoint.size) {
      return result("inclusion", title, "wait", "本局最近一次签名时账本只有 " + checkpoint.size + " 条记录，尚未包含第 " + index +
        " 条。签名每隔片刻更新，请稍后再试。");
    }
    var proof = null;
    try { proof = json(proofBytes, "收录证明"); } catch (error) { proof = null; }
    if (!proof || !Array.isArray(proof.hashes) || String(proof.index) !== String(index) ||
        String(proof.treeSize) !== String(checkpoint.size)) {
      return result("inclusion", title, "fail", "收录证明与所查记录或账本大小不对应，不能证明该记录在账本中。");
    }
    var root;
    try {
      var hashes = proof.hashes.map(function (text) {
        var hash = fromBase64(text, "收录证明中的哈希");
        if (hash.length !== 32) { throw new Problem("收录证明中的哈希长度有误"); }
        return hash;
      });
      root = await rootFromInclusionProof(await leafHash(leafBytes), index, checkpoint.size, hashes);
    } catch (error) {
      if (!(error instanceof Problem)) { throw error; }
      return result("inclusion", title, "fail", error.message + "，不能证明该记录在账本中。");
    }
    if (!equal(root, checkpoint.root)) {
      return result("inclusion", title, "fail", "由第 " + index + " 条记录和收录证明推算出的账本总指纹，与本局签名的账本总指纹不同：" +
        "收录证明或账本记录有误，不能证明该记录在账本中。");
    }
    return result("inclusion", title, "pass", "由第 " + index + " 条记录和收录证明（" + proof.hashes.length +
      " 个哈希）推算出的账本总指纹，与本局签名的账本（共 " + checkpoint.size + " 条记录）的总指纹相同。");
  }

  // 4. The checkpoint is signed by the bureau's published key (and names that key's log).
  async function checkSignature(key, checkpoint) {
    var title = "账本由本局签名";
    if (checkpoint.origin !== key.name) {
      return result("signature", title, "fail", "账本签名所属的账本（" + checkpoint.origin + "）不是本局公钥（" + key.name + "）的账本。");
    }
    var line = checkpoint.signatures.find(function (s) { return s.name === key.name && s.id === key.id; });
    if (!line) {
      return result("signature", title, "fail", "账本签名中没有本局公布的公钥（" + key.name + "，编号 " + key.id + "）的签名。");
    }
    var publicKey;
    try {
      publicKey = await window.crypto.subtle.importKey("raw", key.publicKey, { name: "Ed25519" }, false, ["verify"]);
    } catch (error) {
      if (error && error.name === "NotSupportedError") {
        return result("signature", title, "skip",
          "您的浏览器不支持 Ed25519 签名核验，签名一项未核验。请换用较新版本的浏览器，或下载证明包离线核验。");
      }
      return result("signature", title, "fail", "本局公钥不是有效的 Ed25519 公钥。");
    }
    var valid = line.signature.length === 64 &&
      await window.crypto.subtle.verify({ name: "Ed25519" }, publicKey, line.signature, checkpoint.text);
    if (!valid) {
      return result("signature", title, "fail", "账本签名无效：签名后内容被改动过，或不是本局签发的。");
    }
    return result("signature", title, "pass", "本局对账本（共 " + checkpoint.size + " 条记录）的签名，经您的浏览器用本局公布的公钥（" +
      key.name + "，编号 " + key.id + "）核对有效（Ed25519 数字签名）。");
  }

  // MARK: Running and showing

  async function verify() {
    if (!window.crypto || !window.crypto.subtle) {
      throw new Problem("本页不是通过加密连接（https）打开的，浏览器因此不提供核验所需的计算功能。请用 https 地址打开本页，或下载证明包离线核验。");
    }
    var fetched = await Promise.all([
      get(data.key, "本局公钥"), get(data.checkpoint, "账本签名"), get(data.entry, "账本记录"),
      data.content ? get(data.content, "本页原始数据") : Promise.resolve(null),
    ]);
    var contentBytes = fetched[3];
    var entry = json(fetched[2], "账本记录");
    var leafBytes = fromBase64(entry && entry.leaf, "账本记录");
    var leaf = null;
    try { leaf = json(leafBytes, "账本记录"); } catch (error) { leaf = null; }
    var content = null;
    if (contentBytes) {
      try { content = json(contentBytes, "本页原始数据"); } catch (error) { content = null; }
    }

    var steps = [];
    steps.push(contentBytes ? checkPage(content)
      : result("page", "本页内容", "na", "本信息已不再公开内容，本页没有可核对的内容；以下核验的是这一变动在账本中的记录。"));
    steps.push(await checkLeaf(leaf, content, contentBytes));

    var checkpoint = null;
    var checkpointProblem = null;
    try { checkpoint = parseCheckpoint(fetched[1]); } catch (error) {
      if (!(error instanceof Problem)) { throw error; }
      checkpointProblem = error.message;
    }
    if (!checkpoint) {
      steps.push(result("inclusion", "该记录确实收录在账本中", "fail", checkpointProblem + "，无法核对。"));
      steps.push(result("signature", "账本由本局签名", "fail", checkpointProblem + "，无法核对。"));
      return steps;
    }
    var index = BigInt(data.index);
    var proofBytes = index < checkpoint.size
      ? await get(data.proof + "?index=" + index + "&size=" + checkpoint.size, "收录证明") : null;
    steps.push(await checkInclusion(leafBytes, checkpoint, proofBytes));

    var key = null;
    try { key = await parseKey(fetched[0]); } catch (error) {
      if (!(error instanceof Problem)) { throw error; }
      steps.push(result("signature", "账本由本局签名", "fail", error.message + "，无法核对签名。"));
      return steps;
    }
    steps.push(await checkSignature(key, checkpoint));
    return steps;
  }

  var marks = { pass: "通过", fail: "未通过", skip: "未核验", wait: "暂无法核验", na: "不适用" };

  function summaryOf(steps) {
    var failed = steps.filter(function (s) { return s.outcome === "fail"; });
    if (failed.length) {
      return ["fail", "核验未通过：" + failed.map(function (s) { return "「" + s.title + "」"; }).join("、") +
        (failed.length === 1 ? "一项" : ["", "", "两", "三", "四"][failed.length] + "项") + "未通过。本页内容不能视为与本局防篡改账本的记录一致。如有疑问，可申请更正，或下载证明包请技术人员核对。"];
    }
    if (steps.some(function (s) { return s.outcome === "wait"; })) {
      return ["wait", "暂时无法完成核验：本页内容刚登记到账本，本局尚未对其签名，请稍后再试。"];
    }
    var skipped = steps.filter(function (s) { return s.outcome === "skip"; });
    if (skipped.length) {
      return ["partial", "部分核验：其余各项通过，但" + skipped.map(function (s) { return "「" + s.title + "」"; }).join("、") +
        "一项未核验，因此不能确认账本是本局签发的。"];
    }
    return ["pass", data.content
      ? "核验通过：本页内容与本局防篡改账本第 " + data.index + " 条记录登记的内容一致，该记录收录在本局签名的账本中。"
      : "核验通过：本信息的这一变动登记在本局防篡改账本第 " + data.index + " 条，该记录收录在本局签名的账本中。"];
  }

  function show(outcome, text, steps) {
    output.textContent = "";
    output.dataset.result = outcome;
    var summary = document.createElement("p");
    summary.className = "verify-summary";
    summary.id = "verify-summary";
    summary.dataset.result = outcome;
    summary.textContent = text;
    output.appendChild(summary);
    if (!steps.length) { return; }
    var list = document.createElement("ol");
    list.className = "verify-steps";
    steps.forEach(function (step) {
      var item = document.createElement("li");
      item.dataset.step = step.id;
      item.dataset.result = step.outcome;
      var mark = document.createElement("span");
      mark.className = "verify-mark";
      mark.textContent = marks[step.outcome];
      var title = document.createElement("strong");
      title.textContent = step.title;
      item.appendChild(mark);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(title);
      item.appendChild(document.createTextNode("：" + step.text));
      list.appendChild(item);
    });
    output.appendChild(list);
  }

  async function run() {
    button.disabled = true;
    button.textContent = "正在核验…";
    output.dataset.result = "running";
    output.textContent = "正在下载账本数据并计算，请稍候…";
    try {
      var steps = await verify();
      var summary = summaryOf(steps);
      show(summary[0], summary[1], steps);
    } catch (error) {
      show("error", "未能完成核验：" + (error instanceof Problem ? error.message : "核验过程出错（" + error + "）。"), []);
    } finally {
      button.disabled = false;
      button.textContent = "再次核验";
    }
  }

  panel.hidden = false;
  button.addEventListener("click", function () { run(); });
}());
