// The date pickers' note names the time zone as the editor says it ("Алматы"), not by its code ("Asia/Almaty"):
// Django's DateTimeShortcuts reads the body's data-admin-server-timezone when the page has loaded.
(function () {
    "use strict";
    const name = document.currentScript.dataset.timeZoneName;
    document.addEventListener("DOMContentLoaded", function () {
        if (name && document.body.dataset.adminServerTimezone) {
            document.body.dataset.adminServerTimezone = name;
        }
    });
})();
