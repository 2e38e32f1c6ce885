// The "you'll be signed out soon" warning (accounts/idle_timeout.py). Opens a modal dialog a few
// minutes before the server will end an idle session; "Stay signed in" (or Escape) tells the
// server the person is still here, without leaving the page; at zero, signs out and explains.
// Other tabs of the service share the clock through localStorage, so activity in one tab keeps
// the warning in another from opening.

const STORAGE_KEY = "onrecord-session-deadline";

// The words come from the dialog's data attributes, in the page's language (the template
// translates them, docs/LANGUAGES.md): a unit for each plural category the language has
// (Intl.PluralRules: English "one"/"other"; Welsh also "two", e.g. "2 funud"), falling back
// to "other"; and the announcement, with {time} where the time goes.
function unit(dialog, kind, count) {
  const category = new Intl.PluralRules(document.documentElement.lang || "en-GB").select(count);
  const key = kind + category.charAt(0).toUpperCase() + category.slice(1);
  return dialog.dataset[key] || dialog.dataset[`${kind}Other`] || "";
}

function minutesAndSeconds(dialog, seconds) {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const m = `${minutes} ${unit(dialog, "minute", minutes)}`;
  const s = `${rest} ${unit(dialog, "second", rest)}`;
  if (minutes >= 1 && rest === 0) return m;
  if (minutes >= 1) return `${m} ${s}`;
  return s;
}

export function setUpTimeoutWarning(dialog) {
  const remaining = Number(dialog.dataset.remainingSeconds);
  const warnBefore = Number(dialog.dataset.warnBeforeSeconds);
  if (!Number.isFinite(remaining) || !Number.isFinite(warnBefore) || typeof dialog.showModal !== "function") {
    return;
  }
  const countdown = dialog.querySelector("[data-countdown]");
  const announcement = dialog.querySelector("[data-countdown-announcement]");
  const stayForm = dialog.querySelector("[data-stay-signed-in]");
  const signOutForm = dialog.querySelector("[data-sign-out]");
  const fullLimit = Number(dialog.dataset.limitSeconds) || remaining;

  function setDeadline(ms) {
    try {
      window.localStorage.setItem(STORAGE_KEY, String(ms));
    } catch {
      // Private browsing without storage: this tab keeps its own clock.
    }
    ownDeadline = ms;
  }
  function deadline() {
    let shared = 0;
    try {
      shared = Number(window.localStorage.getItem(STORAGE_KEY)) || 0;
    } catch {
      shared = 0;
    }
    return Math.max(ownDeadline, shared);
  }

  // This page's load was the latest activity the server saw: its deadline replaces any other.
  let ownDeadline = Date.now() + remaining * 1000;
  setDeadline(ownDeadline);
  let lastAnnounced = null;

  function signOut() {
    const next = document.createElement("input");
    next.type = "hidden";
    next.name = "next";
    next.value = dialog.dataset.signedOutUrl;
    signOutForm.append(next);
    signOutForm.submit();
  }

  async function staySignedIn() {
    try {
      const response = await fetch(stayForm.action, {
        method: "POST",
        body: new FormData(stayForm),
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.status === 401) {
        window.location.assign(dialog.dataset.signedOutUrl);
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      setDeadline(Date.now() + fullLimit * 1000);
      lastAnnounced = null;
      if (dialog.open) dialog.close();
    } catch {
      // The network failed: let the form post the ordinary way.
      stayForm.submit();
    }
  }

  stayForm.addEventListener("submit", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  // Escape means "I'm still here", as on GOV.UK services' timeout warnings.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });

  function tick() {
    const left = Math.max(0, Math.round((deadline() - Date.now()) / 1000));
    if (left <= 0) {
      window.clearInterval(timer);
      signOut();
      return;
    }
    if (left > warnBefore) {
      if (dialog.open) dialog.close(); // another tab kept the session alive
      return;
    }
    if (!dialog.open) dialog.showModal();
    if (countdown) countdown.textContent = minutesAndSeconds(dialog, left);
    // Announce whole minutes and the last 30 and 10 seconds, not every tick.
    const moment = left % 60 === 0 || left === 30 || left === 10 ? left : null;
    if (announcement && moment !== null && moment !== lastAnnounced) {
      lastAnnounced = moment;
      announcement.textContent = (dialog.dataset.announce || "{time}").replace(
        "{time}",
        minutesAndSeconds(dialog, left),
      );
    }
  }
  const timer = window.setInterval(tick, 1000);
  tick();
}
