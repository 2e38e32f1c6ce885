// Meeting mode with htmx (docs/MEETING_MODE.md): every form on the screen also works without
// JavaScript (post, redirect, get). With it, htmx posts the same form and swaps the screen in
// place (#meeting-screen): no reload, no jump to the top. What was logged is swapped into the
// #meeting-said live region, which screen readers announce. Loaded as a classic script right
// after htmx.min.js, so this configuration is in place before htmx starts (DOMContentLoaded).
/* global htmx */
(function () {
  if (typeof htmx === "undefined") return;
  // The Content-Security-Policy allows no inline style or script: htmx adds neither.
  htmx.config.includeIndicatorStyles = false;
  htmx.config.allowEval = false;
  htmx.config.allowScriptTags = false;
  htmx.config.historyEnabled = false;
  htmx.config.scrollIntoViewOnBoost = false;
  htmx.config.defaultFocusScroll = false;
  // A refusal (400) is the screen with its error summary: swap it like any other answer.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "400", swap: true, error: false },
    { code: "[45]..", swap: false, error: true },
    { code: "...", swap: false },
  ];

  let lastAction = "";
  let lastLabel = "";
  document.addEventListener(
    "submit",
    (event) => {
      const button = event.submitter;
      const form = event.target;
      const hidden = form.querySelector("input[name=action]");
      lastAction = button && button.name === "action" ? button.value : hidden ? hidden.value : "";
      lastLabel = button ? button.textContent.trim() : "";
    },
    true,
  );

  // The council's own recorder (recorder.js) starts with the meeting and stops with it, when
  // the chair left that box ticked.
  function recorder(what) {
    const box = document.getElementById("recorder-with-meeting");
    if (box && box.checked) document.dispatchEvent(new CustomEvent("onrecord:recorder", { detail: what }));
  }

  document.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail.xhr;
    if (!xhr || xhr.status !== 200) return;
    if (lastAction === "start_with_here") recorder("start");
  });

  document.addEventListener("htmx:responseError", () => {
    const said = document.getElementById("meeting-said");
    if (said) said.textContent = "That did not work: the server did not answer. Try again, or reload the page.";
  });

  // Where focus goes after a swap: an error summary takes it (GOV.UK pattern); otherwise the
  // button just pressed, where it is still on the screen, so the chair keeps their place.
  document.addEventListener("htmx:afterSettle", () => {
    // However the meeting ended (End the meeting, or an incident where the chair ended it),
    // the screen now shows the end script: the council's recording stops and is stored.
    if (document.getElementById("end-script")) recorder("stop");
    const error = document.getElementById("meeting-error-summary");
    if (error) {
      error.focus();
      return;
    }
    if (document.activeElement && document.activeElement !== document.body) return;
    const screen = document.getElementById("meeting-screen");
    if (!screen || !lastLabel) return;
    const again = Array.from(screen.querySelectorAll("button")).find((b) => b.textContent.trim() === lastLabel);
    if (again) again.focus({ preventScroll: true });
  });
})();
