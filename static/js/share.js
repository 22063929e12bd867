// "Copy link" beside the article's address. Without this script the address is still
// there to select and copy: the button only saves a step. No inline code (strict CSP).
(function () {
  "use strict";
  var box = document.querySelector("[data-copy]");
  var field = box && box.querySelector("input");
  if (!field || !navigator.clipboard) return;
  var button = document.createElement("button");
  var status = document.createElement("span");
  button.type = "button";
  button.textContent = "Copy link";
  status.className = "copy-status";
  status.setAttribute("role", "status");
  box.append(button, status);
  field.addEventListener("focus", function () { field.select(); });
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(
      function () { status.textContent = "Link copied."; },
      function () { field.select(); status.textContent = "Press Ctrl+C (⌘C) to copy."; }
    );
  });
})();
