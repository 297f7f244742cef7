// Drag a calendar entry onto another day: htmx posts the new day to the entry's move URL.
// The server applies the DST rules and permissions; it answers with a refresh or a message.
(function () {
  "use strict";
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var entry = event.target.closest && event.target.closest("[data-move-url]");
    if (!entry) return;
    dragged = entry;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", entry.dataset.moveUrl);
  });
  document.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest && event.target.closest("[data-drop-date]")) {
      event.preventDefault();
    }
  });
  document.addEventListener("drop", function (event) {
    var cell = event.target.closest && event.target.closest("[data-drop-date]");
    if (!dragged || !cell) return;
    event.preventDefault();
    window.htmx.ajax("POST", dragged.dataset.moveUrl, {
      target: "#reschedule-result",
      values: { date: cell.dataset.dropDate },
    });
    dragged = null;
  });
})();
