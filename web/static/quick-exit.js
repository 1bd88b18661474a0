/* "Leave this page quickly": replace this page (so Back does not return to it) and forget the chat.
   Also works by pressing Escape twice, as on many UK domestic-abuse support sites. */
(function () {
  "use strict";

  var button = document.getElementById("quick-exit");
  if (!button) { return; }
  var destination = button.getAttribute("data-url") || "https://www.bbc.co.uk/weather";
  var lastEscape = 0;

  function leave() {
    try { window.sessionStorage.clear(); } catch (error) { /* nothing stored, or storage blocked */ }
    document.body.hidden = true;
    window.location.replace(destination);
  }

  button.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") { return; }
    var now = Date.now();
    if (now - lastEscape < 2000) { leave(); }
    lastEscape = now;
  });
}());
