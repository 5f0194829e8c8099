// Live preview and lint for the edit page: a small progressive
// enhancement. Without JavaScript the page still shows both after each
// save; with it, they follow the typing.
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  var preview = document.getElementById("preview");
  var lint = document.getElementById("lint");
  if (!form || !preview || !lint) {
    return;
  }
  var prefix = form.getAttribute("action").replace(/\/edit$/, "");
  var csrf = form.querySelector("input[name=csrf]").value;
  var timer = null;
  var seq = 0;

  function update() {
    var mine = ++seq;
    var body = new URLSearchParams(new FormData(form));
    fetch(prefix + "/preview", {
      method: "POST",
      headers: { "X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      credentials: "same-origin"
    }).then(function (res) {
      if (!res.ok) { throw new Error("preview " + res.status); }
      return res.json();
    }).then(function (out) {
      if (mine !== seq) { return; } // a later keystroke already asked again
      // The server sanitised this HTML (goldmark, then bluemonday).
      preview.innerHTML = out.html;
      lint.textContent = "";
      if (out.problems.length === 0) {
        var ok = document.createElement("li");
        ok.className = "ok";
        ok.textContent = "No problems found.";
        lint.appendChild(ok);
      }
      out.problems.forEach(function (p) {
        var li = document.createElement("li");
        li.className = p.indexOf(": error: ") >= 0 ? "error" : "warning";
        li.textContent = p;
        lint.appendChild(li);
      });
      form.setAttribute("data-errors", String(out.errors));
    }).catch(function () {
      // The preview is a convenience: saving still checks everything.
    });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(update, 300);
  });
})();
