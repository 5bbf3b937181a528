/*
 * A warning before leaving a changed form: once any field of the article's change form or of the
 * translation desk editor changes, leaving the page (a link, reload, closing the tab) asks first.
 * Submitting the form is not leaving it: the warning is cleared on submit.
 */
(function () {
  "use strict";

  function warn(event) {
    event.preventDefault();
    event.returnValue = "";  // older browsers show the dialog only when this is set
  }

  function watch(form) {
    var armed = false;
    function arm(event) {
      if (armed || !event.target.name) { return; }
      armed = true;
      window.addEventListener("beforeunload", warn);
    }
    form.addEventListener("input", arm);
    form.addEventListener("change", arm);
    form.addEventListener("submit", function () {
      armed = false;
      window.removeEventListener("beforeunload", warn);
    });
  }

  function start() {
    document.querySelectorAll("form[data-unsaved-warning], form#article_form").forEach(watch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
