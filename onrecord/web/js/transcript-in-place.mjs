// Correcting a passage in place (onrecord/transcripts/in_place.py), with htmx: a passage's
// "Edit" button swaps in its form, "Save" redraws the transcript's text, "Cancel" or Escape
// puts the passage back. Without JavaScript the "Correct passage" link opens the correction
// page instead. One passage is corrected at a time: saving redraws every passage, and would
// lose another open form's words.
//
// htmx is loaded as a classic script just before this module; modules run before
// DOMContentLoaded, when htmx starts, so this configuration is in place first.

export function configureHtmx(htmx) {
  // The Content-Security-Policy allows no inline style or script: htmx adds neither.
  htmx.config.includeIndicatorStyles = false;
  htmx.config.allowEval = false;
  htmx.config.allowScriptTags = false;
  htmx.config.historyEnabled = false;
  htmx.config.scrollIntoViewOnBoost = false;
  htmx.config.defaultFocusScroll = false;
  // A refused correction (400) is the form with its error: swap it like any other answer.
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "400", swap: true, error: false },
    { code: "[45]..", swap: false, error: true },
    { code: "...", swap: false },
  ];
}

export function setUpInPlaceEditing(htmx, player) {
  configureHtmx(htmx);
  const said = () => document.getElementById("transcript-said");
  function announce(text) {
    const region = said();
    if (region) region.textContent = text;
  }

  function enhance(root) {
    for (const button of root.querySelectorAll(".tr-edit[hidden]")) button.hidden = false;
    for (const link of root.querySelectorAll(".tr-correct-link")) link.hidden = true;
  }

  // New content (the page at first, then each swap): show the buttons this script drives,
  // tell the player the words moved, and put focus where the server said (the form's text
  // box; the passage's "Edit" button after Save or Cancel).
  htmx.onLoad((root) => {
    enhance(root);
    player.refresh(root);
    const target = root.matches("[data-tr-focus]") ? root : root.querySelector("[data-tr-focus]");
    if (target instanceof HTMLElement) {
      target.removeAttribute("data-tr-focus");
      // htmx runs this after its settle delay: someone quick (or a screen reader's user) may
      // already be typing in the new form, and moving focus then would put their words in
      // the wrong box.
      const form = target.closest("form");
      const active = document.activeElement;
      const alreadyIn = form !== null && active !== null && form.contains(active);
      if (!alreadyIn) target.focus();
    }
  });

  document.addEventListener("htmx:beforeRequest", (event) => {
    const button = event.detail && event.detail.elt;
    if (!(button instanceof Element) || !button.classList.contains("tr-edit")) return;
    const open = document.querySelector(".tr-edit-form");
    if (!open) return;
    event.preventDefault();
    const passage = open.closest("li");
    const number = passage ? passage.id.replace("passage-", "") : "";
    const box = open.querySelector("textarea");
    if (box) box.focus();
    announce(`Save or cancel your correction of passage ${number} first.`);
  });

  // Escape in a passage's form cancels its correction.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const target = event.target instanceof Element ? event.target : null;
    const form = target && target.closest(".tr-edit-form");
    const cancel = form && form.querySelector(".tr-cancel");
    if (!cancel) return;
    event.preventDefault();
    cancel.click();
  });

  for (const type of ["htmx:responseError", "htmx:sendError"]) {
    document.addEventListener(type, () => {
      announce("That did not work: the server did not answer. Try again, or reload the page.");
    });
  }
}
