// The transcript's player (onrecord/transcripts): play from a word, a passage, a stretch of
// speech not transcribed, or a speaker's sample; highlight the word and the passage being
// played; follow them down the page unless the person has scrolled away; Alt+P plays or pauses
// from anywhere. The page works without it: the <audio> element's own controls play the
// recording, and every time is written on the page.

const FOLLOW_KEYS = new Set(["PageUp", "PageDown", "Home", "End", "ArrowUp", "ArrowDown", " "]);
const TYPING = "input, textarea, select, audio, [contenteditable]";

function seconds(value) {
  const parsed = Number.parseFloat(value);
  return Number.isFinite(parsed) ? parsed : null;
}

// The last item starting at or before `time` (binary search: long meetings have many words).
function lastStartingBy(starts, time) {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (starts[middle] <= time) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

function clock(time) {
  const whole = Math.max(0, Math.floor(time));
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, "0")}`;
}

export function setUpPlayer(audio) {
  const said = document.getElementById("player-said");
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
  let words = [];
  let wordStarts = [];
  let passages = [];
  let passageStarts = [];
  let currentWord = null;
  let currentPassage = null;
  let stopAt = null; // a stretch (a gap, a sample) stops at its end
  let follow = false; // scroll the passage being played into view: until the person scrolls
  let seekingOurselves = false;

  function index() {
    words = Array.from(document.querySelectorAll(".tr-word[data-start]"));
    wordStarts = words.map((word) => seconds(word.dataset.start));
    passages = Array.from(document.querySelectorAll(".tr-passages > li[data-start]"));
    passageStarts = passages.map((passage) => seconds(passage.dataset.start));
    currentWord = null;
    currentPassage = null;
    highlight(audio.currentTime, false);
  }

  function wordAt(time) {
    const found = lastStartingBy(wordStarts, time);
    // In a pause longer than a second no word is highlighted.
    return found >= 0 && time <= seconds(words[found].dataset.end) + 1 ? words[found] : null;
  }

  function passageAt(time) {
    const found = lastStartingBy(passageStarts, time);
    return found >= 0 && time <= seconds(passages[found].dataset.end) + 1 ? passages[found] : null;
  }

  function editing() {
    const active = document.activeElement;
    return active instanceof Element && active.closest(".tr-edit-form") !== null;
  }

  function scrollToPassage(passage) {
    if (!follow || editing()) return; // never move the page under someone typing
    const box = passage.getBoundingClientRect();
    const player = document.getElementById("transcript-player");
    const top = player ? player.getBoundingClientRect().bottom : 0;
    if (box.top >= top && box.bottom <= window.innerHeight) return;
    passage.scrollIntoView({ block: "nearest", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }

  function highlight(time, scroll = true) {
    const word = wordAt(time);
    if (word !== currentWord) {
      if (currentWord) currentWord.classList.remove("tr-word--current");
      if (word) word.classList.add("tr-word--current");
      currentWord = word;
    }
    const passage = passageAt(time);
    if (passage !== currentPassage) {
      if (currentPassage) currentPassage.removeAttribute("aria-current");
      if (passage) passage.setAttribute("aria-current", "true");
      currentPassage = passage;
      if (passage && scroll && !audio.paused) scrollToPassage(passage);
    }
  }

  function start() {
    const playing = audio.play();
    if (playing && typeof playing.catch === "function") {
      playing.catch(() => {}); // a browser that refuses to play still moved to the time
    }
  }

  function playFrom(from, until = null) {
    if (from === null) return;
    stopAt = until !== null && until > from ? until : null;
    follow = true;
    seekingOurselves = true;
    audio.currentTime = from;
    highlight(from, false);
    start();
  }

  function announce(text) {
    if (said) said.textContent = text;
  }

  function playOrPause() {
    if (audio.paused) {
      start();
      announce(`Playing from ${clock(audio.currentTime)}`);
    } else {
      audio.pause();
      announce(`Paused at ${clock(audio.currentTime)}`);
    }
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const chosen = target && target.closest(".tr-word[data-start], .tr-play[data-start]");
    if (!chosen) return;
    const until = chosen.classList.contains("tr-play") ? seconds(chosen.dataset.end) : null;
    playFrom(seconds(chosen.dataset.start), until);
  });

  // Alt+P (Option+P on a Mac, where the key types "π": the code is the same) plays or pauses,
  // in a text box too; a shortcut with a modifier, so no single-key shortcut to turn off.
  document.addEventListener("keydown", (event) => {
    if (event.altKey && !event.ctrlKey && !event.metaKey && event.code === "KeyP") {
      event.preventDefault();
      playOrPause();
      return;
    }
    const target = event.target instanceof Element ? event.target : null;
    if (FOLLOW_KEYS.has(event.key) && !(target && target.closest(TYPING))) follow = false;
  });
  for (const type of ["wheel", "touchmove"]) {
    window.addEventListener(type, () => (follow = false), { passive: true });
  }

  audio.addEventListener("seeking", () => {
    if (!seekingOurselves) stopAt = null; // moved with the player's own controls
    seekingOurselves = false;
  });
  audio.addEventListener("timeupdate", () => {
    if (stopAt !== null && audio.currentTime >= stopAt) {
      stopAt = null;
      audio.pause();
    }
    highlight(audio.currentTime);
  });
  audio.addEventListener("seeked", () => highlight(audio.currentTime, false));

  // The player's real height is the page's scroll padding (transcripts.css), so links to a
  // passage land clear of it. Browsers do not scroll what gets focus when it is already on the
  // screen, even under the player: that is done here (WCAG 2.4.11, focus not obscured).
  const box = document.getElementById("transcript-player");
  if (box && typeof ResizeObserver === "function") {
    new ResizeObserver(() => {
      document.documentElement.style.setProperty("--tr-player-height", `${box.offsetHeight}px`);
    }).observe(box);
  }
  function uncover(element) {
    if (!box || !(element instanceof Element) || box.contains(element)) return;
    const player = box.getBoundingClientRect();
    const place = element.getBoundingClientRect();
    if (place.top < player.bottom && place.bottom > player.top) {
      window.scrollBy(0, place.top - player.bottom - 10);
    }
  }
  // After the browser's own scrolling to what got focus, if any.
  document.addEventListener("focusin", (event) => {
    window.requestAnimationFrame(() => uncover(event.target));
  });

  // Buttons that need this script are hidden until it runs.
  function reveal(root) {
    for (const button of root.querySelectorAll(".tr-play[hidden]")) button.hidden = false;
  }

  reveal(document);
  index();
  return {
    refresh(root) {
      reveal(root);
      index();
    },
    announce,
  };
}
