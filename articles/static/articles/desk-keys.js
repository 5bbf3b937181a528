// The desk's queue from the keyboard: j / ArrowDown and k / ArrowUp move the focus through the releases,
// Enter opens the first version that needs work (or the release). Keys typed in a form field are left alone.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#desk tbody tr[data-release]"));
    if (!rows.length) { return; }
    function current() { return rows.indexOf(document.activeElement); }
    function focus(index) {
      var row = rows[Math.max(0, Math.min(rows.length - 1, index))];
      row.focus();
      row.scrollIntoView({block: "nearest"});
    }
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.altKey || event.ctrlKey || event.metaKey || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName)) { return; }
      var index = current();
      if (event.key === "j" || event.key === "ArrowDown") {
        focus(index + 1);
        event.preventDefault();
      } else if (event.key === "k" || event.key === "ArrowUp") {
        focus(index < 0 ? 0 : index - 1);
        event.preventDefault();
      } else if (event.key === "Enter" && index >= 0) {
        var link = rows[index].querySelector("a[data-work]") || rows[index].querySelector("a");
        if (link) { window.location.href = link.href; event.preventDefault(); }
      }
    });
  });
}());
