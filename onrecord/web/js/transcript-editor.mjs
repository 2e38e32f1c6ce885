// The transcript editor, the speakers page and the transcription progress panel
// (onrecord/transcripts). Everything here only enhances pages that work without it: reading,
// correcting and naming are plain forms, and the <audio> element has its own controls.
//
// - transcript-player.mjs: play from a word, a passage, a gap or a speaker's sample; the word
//   and the passage being played highlighted; Alt+P plays or pauses.
// - transcript-in-place.mjs: correct a passage where it is (with htmx, on the editor only).
// - The progress panel asks the server how far transcription has got every few seconds, and
//   reloads the page when it has finished (to show the transcript link or the reason it failed).

import { setUpInPlaceEditing } from "./transcript-in-place.mjs";
import { setUpPlayer } from "./transcript-player.mjs";

const POLL_MS = 3000;

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
if (audio instanceof HTMLMediaElement) {
  const player = setUpPlayer(audio);
  if (window.htmx && document.getElementById("transcript-editor")) {
    setUpInPlaceEditing(window.htmx, player);
  }
}
const panel = document.querySelector("[data-transcript-status]");
if (panel instanceof HTMLElement) setUpProgress(panel);
