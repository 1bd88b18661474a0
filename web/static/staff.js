/* Staff pages: signing out also forgets the guided conversation kept in this browser tab. */
(function () {
  "use strict";

  var signOut = document.querySelector(".staff-nav__signout");
  if (!signOut) { return; }
  signOut.addEventListener("submit", function () {
    try {
      Object.keys(window.sessionStorage).forEach(function (key) {
        if (key.indexOf("frontdoor.chat.staff") === 0) { window.sessionStorage.removeItem(key); }
      });
    } catch (error) { /* storage blocked: nothing was kept */ }
  });
}());
