/* The staff case-note panel: shows the note the script writes (see chat.js) and copies it. */
(function () {
  "use strict";

  var body = document.getElementById("case-note-body");
  if (!body) { return; }
  var empty = document.getElementById("case-note-empty");
  var text = document.getElementById("case-note-text");
  var data = document.getElementById("case-note-data");
  var copy = document.getElementById("copy-case-note");
  var status = document.getElementById("copy-status");

  function say(message) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 100);
  }

  function show(note) {
    if (!note || typeof note.text !== "string") { return; }
    text.value = note.text;
    data.textContent = "";
    Object.keys(note.data || {}).forEach(function (key) {
      var row = document.createElement("div");
      row.className = "summary-list__row";
      var term = document.createElement("dt");
      term.textContent = key.replace(/_/g, " ");
      var value = document.createElement("dd");
      value.textContent = String(note.data[key]);
      row.appendChild(term);
      row.appendChild(value);
      data.appendChild(row);
    });
    body.hidden = false;
    empty.hidden = true;
    status.textContent = "";
  }

  function selectAndCopy() {
    text.focus();
    text.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    say(copied ? "Copied. Paste it into the case record."
      : "The note is selected: press Ctrl and C (on a Mac, Command and C) to copy it.");
  }

  copy.addEventListener("click", function () {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text.value).then(function () {
        say("Copied. Paste it into the case record.");
      }, selectAndCopy);
    } else {
      selectAndCopy();
    }
  });

  document.addEventListener("frontdoor:case-note", function (event) { show(event.detail); });
  document.addEventListener("frontdoor:reset", function () {
    body.hidden = true;
    empty.hidden = false;
    text.value = "";
    data.textContent = "";
  });
}());
