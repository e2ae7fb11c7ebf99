// LawTrail upload widget (issue 6 item 3): sends a file through the resumable upload API
// (docs/uploads.md) in 4 MiB PATCHes, showing progress, speed and time left. After a broken
// connection, a reload or "暂停", the next "上传" asks the server (HEAD) how much it has and sends
// only the rest. The upload id is remembered per file in localStorage.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form) { return; }
  var fileInput = document.getElementById("upload-file");
  var kindSelect = document.getElementById("upload-form-kind");
  var startInput = document.getElementById("upload-capture-start");
  var deviceSelect = document.getElementById("upload-device");
  var endInput = document.getElementById("upload-capture-end");
  var progress = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  var pauseButton = document.getElementById("upload-pause");
  var startButton = document.getElementById("upload-start");
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var chunk = 4 * 1024 * 1024;
  var paused = false;

  function say(text) { status.textContent = text; }
  function key(file) { return "lawtrail-upload:" + form.dataset.activity + ":" + file.name + ":" + file.size + ":" + file.lastModified; }
  function mib(bytes) { return (bytes / 1048576).toFixed(1) + " MB"; }
  function clock(seconds) {
    if (!isFinite(seconds)) { return "—"; }
    seconds = Math.round(seconds);
    return seconds >= 60 ? Math.floor(seconds / 60) + " 分 " + (seconds % 60) + " 秒" : seconds + " 秒";
  }
  function request(method, url, headers, body, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      Object.keys(headers).forEach(function (name) { xhr.setRequestHeader(name, headers[name]); });
      if (onProgress) { xhr.upload.onprogress = onProgress; }
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = function () { reject(new Error("网络连接中断")); };
      xhr.send(body);
    });
  }
  function problem(xhr) {
    try { return JSON.parse(xhr.responseText).detail; } catch (e) { return "服务器返回 " + xhr.status; }
  }

  // Capture times of an MP4/MOV clip from its movie header (ISO/IEC 14496-12 §8.2.2, box mvhd):
  // creation time in seconds since 1904-01-01 UTC, and duration in timescale units.
  async function mp4Times(file) {
    async function view(offset, length) { return new DataView(await file.slice(offset, offset + length).arrayBuffer()); }
    async function find(type, start, end) {
      var offset = start;
      while (offset + 8 <= end) {
        var head = await view(offset, 16);
        if (head.byteLength < 8) { return null; }
        var size = head.getUint32(0), header = 8;
        var name = String.fromCharCode(head.getUint8(4), head.getUint8(5), head.getUint8(6), head.getUint8(7));
        if (size === 1 && head.byteLength >= 16) { size = head.getUint32(8) * 4294967296 + head.getUint32(12); header = 16; }
        else if (size === 0) { size = end - offset; }
        if (size < header) { return null; }
        if (name === type) { return { start: offset + header, end: offset + size }; }
        offset += size;
      }
      return null;
    }
    var moov = await find("moov", 0, file.size);
    var mvhd = moov && await find("mvhd", moov.start, moov.end);
    if (!mvhd) { return null; }
    var v = await view(mvhd.start, 32), created, timescale, duration;
    if (v.getUint8(0) === 1) {
      created = v.getUint32(4) * 4294967296 + v.getUint32(8); timescale = v.getUint32(20);
      duration = v.getUint32(24) * 4294967296 + v.getUint32(28);
    } else {
      created = v.getUint32(4); timescale = v.getUint32(12); duration = v.getUint32(16);
    }
    if (!created || !timescale) { return null; }
    var start = new Date((created - 2082844800) * 1000);  // 1904-01-01 → 1970-01-01
    return { start: start, end: new Date(start.getTime() + 1000 * duration / timescale) };
  }
  function iso(date) { return date.toISOString().replace(/\.\d{3}Z$/, "Z"); }
  // A typed datetime-local value is Beijing time.
  function beijing(value) { return value ? new Date(value + ":00+08:00") : null; }

  async function create(file) {
    var metadata = {
      length: file.size, mimeType: file.type || "application/octet-stream", form: kindSelect.value,
      activityId: form.dataset.activity
    };
    var times = /\.(mp4|m4v|mov)$/i.test(file.name) || /^video\/(mp4|quicktime)/.test(file.type) ? await mp4Times(file) : null;
    var typedStart = beijing(startInput && startInput.value), typedEnd = beijing(endInput && endInput.value);
    // SPEC R8: a media record names its device (a scan has none).
    if (deviceSelect && deviceSelect.value && kindSelect.value === "media") { metadata.deviceId = deviceSelect.value; }
    if (times) { metadata.captureStart = iso(times.start); metadata.captureEnd = iso(times.end); }
    else if (typedStart && typedEnd) { metadata.captureStart = iso(typedStart); metadata.captureEnd = iso(typedEnd); }
    var xhr = await request("POST", "/api/v1/uploads", { "Content-Type": "application/json" }, JSON.stringify(metadata));
    if (xhr.status !== 201) { throw refusal(xhr); }
    return JSON.parse(xhr.responseText).id;
  }

  // A refusal (4xx) will not go away by trying again; a broken connection or a 5xx may.
  function refusal(xhr) {
    var error = new Error(problem(xhr).replace(/。$/, ""));
    error.final = xhr.status >= 400 && xhr.status < 500 && xhr.status !== 408 && xhr.status !== 429;
    return error;
  }

  async function offsetOf(id) {
    var xhr = await request("HEAD", "/api/v1/uploads/" + id, {}, null);
    if (xhr.status !== 200) { return null; }
    return parseInt(xhr.getResponseHeader("Upload-Offset"), 10);
  }

  async function upload(file) {
    var stored = localStorage.getItem(key(file));
    var id = stored, offset = stored ? await offsetOf(stored) : null;
    if (offset === null) { id = await create(file); offset = 0; localStorage.setItem(key(file), id); }
    if (offset > 0) { say("从 " + mib(offset) + " 处继续上传…"); }
    var started = Date.now(), startOffset = offset;
    while (offset < file.size) {
      if (paused) { say("已暂停：已上传 " + mib(offset) + "，再次点击“上传”继续。"); return; }
      var end = Math.min(file.size, offset + chunk);
      var base = offset;
      var xhr = await request("PATCH", "/api/v1/uploads/" + id,
        { "Content-Type": "application/offset+octet-stream", "Upload-Offset": String(offset) }, file.slice(offset, end),
        function (event) {
          var sent = base + event.loaded;
          var seconds = (Date.now() - started) / 1000;
          var speed = (sent - startOffset) / Math.max(seconds, 0.001);
          progress.value = 100 * sent / file.size;
          say("已上传 " + mib(sent) + " / " + mib(file.size) + "，速度 " + mib(speed) + "/秒，剩余约 " + clock((file.size - sent) / speed));
        });
      if (xhr.status === 409) { offset = await offsetOf(id); continue; }
      if (xhr.status !== 204) { throw refusal(xhr); }
      offset = parseInt(xhr.getResponseHeader("Upload-Offset"), 10);
      progress.value = 100 * offset / file.size;
    }
    localStorage.removeItem(key(file));
    progress.value = 100;
    say("上传完成，已入库并记入账本。");
    setTimeout(function () { window.location.reload(); }, 800);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var file = fileInput.files[0];
    if (!file) { say("请选择文件。"); return; }
    paused = false;
    startButton.disabled = true;
    pauseButton.disabled = false;
    upload(file).catch(function (error) {
      if (error.final) {
        localStorage.removeItem(key(file));
        say("未能上传：" + error.message + "。请检查文件后重新选择。");
      } else {
        say("上传中断：" + error.message + "。再次点击“上传”将从中断处继续。");
      }
    }).finally(function () {
      startButton.disabled = false;
      pauseButton.disabled = true;
    });
  });
  pauseButton.addEventListener("click", function () { paused = true; });
})();
