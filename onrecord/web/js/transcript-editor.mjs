// The transcript editor and the transcription progress panel (onrecord/transcripts). Everything
// here only enhances pages that work without it: reading and correcting are plain forms.
//
// - Select a word (or a passage's "Play from" button) to play the recording from there.
// - While it plays, the word being spoken is highlighted.
// - The progress panel asks the server how far transcription has got every few seconds, and
//   reloads the page when it has finished (to show the transcript link or the reason it failed).

const POLL_MS = 3000;

function setUpPlayer(audio) {
  const words = Array.from(document.querySelectorAll(".tr-word[data-start]"));
  const starts = words.map((word) => Number.parseFloat(word.dataset.start));
  const ends = words.map((word) => Number.parseFloat(word.dataset.end));
  let current = null;

  // The last word starting at or before `time` (binary search: long meetings have many words).
  function wordAt(time) {
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
    // In a pause longer than a second nothing is highlighted.
    return found >= 0 && time <= ends[found] + 1 ? words[found] : null;
  }

  function highlight(time) {
    const word = wordAt(time);
    if (word === current) return;
    if (current) current.classList.remove("tr-word--current");
    if (word) word.classList.add("tr-word--current");
    current = word;
  }

  function playFrom(seconds) {
    if (!Number.isFinite(seconds)) return;
    audio.currentTime = seconds;
    highlight(seconds);
    const playing = audio.play();
    if (playing && typeof playing.catch === "function") {
      playing.catch(() => {}); // a browser that refuses to play still moved to the word
    }
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const start = target && target.closest(".tr-word[data-start], .tr-play[data-start]");
    if (!start) return;
    playFrom(Number.parseFloat(start.dataset.start));
  });
  for (const button of document.querySelectorAll(".tr-play")) {
    button.hidden = false;
  }
  for (const type of ["timeupdate", "seeked"]) {
    audio.addEventListener(type, () => highlight(audio.currentTime));
  }
}

function setUpProgress(panel) {
  const url = panel.dataset.transcriptStatus;
  const label = panel.querySelector("[data-progress-label]");
  const bar = panel.querySelector("[data-progress-bar]");
  async function poll() {
    try {
      const response = await fetch(url, {
        credentials: "same-origin",
        // A background poll: it must not keep an idle session alive (accounts/middleware.py).
        headers: { Accept: "application/json", "X-OnRecord-Background": "1" },
      });
      if (!response.ok) return;
      const status = await response.json();
      if (!status.active) {
        window.location.reload();
        return;
      }
      if (label && label.textContent !== status.label) label.textContent = status.label;
      if (bar) {
        bar.value = status.percent;
        bar.textContent = `${status.percent}%`;
      }
    } catch {
      // A dropped connection: try again at the next tick.
    }
    window.setTimeout(poll, POLL_MS);
  }
  window.setTimeout(poll, POLL_MS);
}

const audio = document.getElementById("transcript-audio");
if (audio instanceof HTMLMediaElement) setUpPlayer(audio);
const panel = document.querySelector("[data-transcript-status]");
if (panel instanceof HTMLElement) setUpProgress(panel);
