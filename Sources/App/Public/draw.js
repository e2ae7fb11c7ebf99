// The plan form's digest helper (issue 15 item 1): computes SHA-256 of a party's secret in the
// browser, so the secret never leaves the machine before the reveal. crypto.subtle needs a secure
// context (HTTPS or localhost); elsewhere the form says to use openssl instead.
(function () {
  var button = document.getElementById('digest-button');
  var input = document.getElementById('secret-helper');
  var output = document.getElementById('digest-output');
  if (!button || !input || !output) return;
  button.addEventListener('click', function () {
    if (!window.crypto || !window.crypto.subtle) {
      output.textContent = '此页面不是安全连接，无法在浏览器中计算，请使用 openssl。';
      return;
    }
    var bytes = new TextEncoder().encode(input.value);
    // Code points, as the server counts them.
    if (Array.from(input.value).length < 8) {
      output.textContent = '密文至少 8 个字符。';
      return;
    }
    window.crypto.subtle.digest('SHA-256', bytes).then(function (digest) {
      output.textContent = Array.from(new Uint8Array(digest)).map(function (b) {
        return b.toString(16).padStart(2, '0');
      }).join('');
    });
  });
})();
