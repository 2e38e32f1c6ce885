// The browser's own recorder (docs/VAULT.md, "The browser's own recorder"). MediaRecorder with
// a timeslice hands over a piece of the recording every few seconds; each piece is sent as
// chunk 0, 1, 2, ... in order, one at a time, retried with backoff until the server has it.
// Whichever server answers stores the chunk in the shared database before it answers, so any
// server may take any chunk and a crashed laptop (or server) loses only what was not yet
// acknowledged. Only a real refusal is final (409: a different chunk under a stored number, or
// a recording already finished; 413; 403; 404); a failed connection, a timeout, a 5xx, 408,
// 429 or 401 (signed out) is retried, waiting longer each time (docs/VAULT.md).
// Loaded as a module from the recorder page (no inline script: CSP).

const root = document.getElementById("live-recorder");
if (root) setUp(root);

function setUp(root) {
  const el = (id) => document.getElementById(id);
  const startButton = el("recorder-start");
  const stopButton = el("recorder-stop");
  const pauseButton = el("recorder-pause");
  const resumeButton = el("recorder-resume");
  const status = el("recorder-status");
  const elapsedText = el("recorder-elapsed");
  const savedText = el("recorder-saved");
  const behind = el("recorder-behind");
  const behindText = el("recorder-behind-text");
  const timeslice = Number(root.dataset.timeslice) || 4000;
  const csrf = root.dataset.csrfToken;

  const unavailable = whyUnavailable();
  if (unavailable) {
    el("recorder-unavailable-text").textContent = unavailable;
    el("recorder-unavailable").hidden = false;
    return;
  }
  const startWrap = el("recorder-start-wrap");
  const stopWrap = el("recorder-stop-wrap");
  const pauseWrap = el("recorder-pause-wrap");
  const resumeWrap = el("recorder-resume-wrap");
  startWrap.hidden = false;
  const withMeeting = el("recorder-with-meeting-wrap");
  if (withMeeting) withMeeting.hidden = false;

  let recorder = null;
  let stream = null;
  let session = null;
  let startedAt = 0;
  let pausedSince = 0; // while paused: when the pause began
  let pausedMs = 0; // time spent paused, not part of the recording
  let ticker = null;
  let nextSeq = 0;
  let savedUntil = 0; // ms of the recording the server holds
  let fatal = null;
  let pumping = null;
  const queue = []; // {seq, blob, until}

  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", stop);
  if (pauseButton) pauseButton.addEventListener("click", pause);
  if (resumeButton) resumeButton.addEventListener("click", resume);
  // Meeting mode asks the recorder to start or stop with the meeting (meeting-mode.js).
  document.addEventListener("onrecord:recorder", (event) => {
    if (event.detail === "start" && !recorder && !session) start();
    else if (event.detail === "stop" && recorder) stop();
  });
  window.addEventListener("beforeunload", (event) => {
    if (recorder || queue.length) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  async function start() {
    hideError();
    // A new recording is a new session: its chunks are numbered from 0 again.
    nextSeq = 0;
    savedUntil = 0;
    queue.length = 0;
    savedText.textContent = "Nothing yet";
    elapsedText.textContent = clock(0);
    behind.hidden = true;
    el("recorder-done").hidden = true;
    startButton.disabled = true;
    status.textContent = "Asking to use the microphone";
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (error) {
      startButton.disabled = false;
      status.textContent = "Not recording";
      showError(
        error && error.name === "NotAllowedError"
          ? "The browser was not allowed to use the microphone. Allow it in the browser’s settings for this site, then start again."
          : "No microphone could be used (" + (error && error.message ? error.message : error) + "). Check one is connected, then start again.",
      );
      return;
    }
    const mimeType = pickType();
    try {
      const response = await send(root.dataset.startUrl, JSON.stringify({ mime_type: mimeType }), "application/json");
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || "The recording could not be started.");
      session = body;
    } catch (error) {
      stopTracks();
      startButton.disabled = false;
      status.textContent = "Not recording";
      showError(error.message || String(error));
      return;
    }
    recorder = new MediaRecorder(stream, { mimeType });
    recorder.addEventListener("dataavailable", (event) => {
      if (event.data && event.data.size > 0) {
        queue.push({ seq: nextSeq++, blob: event.data, until: recordedMs() });
        pump();
      }
    });
    recorder.addEventListener("error", (event) => {
      showError("The browser stopped recording: " + (event.error ? event.error.message : "unknown error") + ". What was sent is kept; stop and start a new recording.");
    });
    startedAt = Date.now();
    pausedMs = 0;
    pausedSince = 0;
    recorder.start(timeslice);
    ticker = setInterval(tick, 1000);
    status.innerHTML = '<strong class="govuk-tag govuk-tag--red">Recording</strong>';
    startWrap.hidden = true;
    startButton.disabled = false;
    stopWrap.hidden = false;
    if (pauseWrap) pauseWrap.hidden = false;
    if (!root.hasAttribute("data-in-meeting-mode")) stopButton.focus();
  }

  // Pausing keeps the session open: nothing is recorded until it resumes, and the pieces
  // already recorded go on being sent.
  function pause() {
    if (!recorder || recorder.state !== "recording") return;
    recorder.pause();
    pausedSince = Date.now();
    status.innerHTML = '<strong class="govuk-tag govuk-tag--yellow">Paused</strong>';
    pauseWrap.hidden = true;
    resumeWrap.hidden = false;
    resumeButton.focus();
  }

  function resume() {
    if (!recorder || recorder.state !== "paused") return;
    recorder.resume();
    pausedMs += Date.now() - pausedSince;
    pausedSince = 0;
    status.innerHTML = '<strong class="govuk-tag govuk-tag--red">Recording</strong>';
    resumeWrap.hidden = true;
    pauseWrap.hidden = false;
    pauseButton.focus();
  }

  async function stop() {
    if (!recorder) return;
    if (recorder.state === "paused") {
      pausedMs += Date.now() - pausedSince;
      pausedSince = 0;
    }
    if (pauseWrap) pauseWrap.hidden = true;
    if (resumeWrap) resumeWrap.hidden = true;
    stopButton.disabled = true;
    status.textContent = "Stopping: sending the last seconds";
    const stopped = new Promise((resolve) => recorder.addEventListener("stop", resolve, { once: true }));
    recorder.stop(); // fires a last dataavailable, then stop
    await stopped;
    recorder = null;
    clearInterval(ticker);
    tick();
    stopTracks();
    await pump();
    if (fatal) {
      status.textContent = "Stopped";
      stopWrap.hidden = true;
      stopButton.disabled = false;
      return;
    }
    status.textContent = "Storing the recording in the vault";
    try {
      const response = await finishWithRetries();
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || "The recording could not be stored.");
      status.textContent = "Stored";
      el("recorder-done-text").textContent = "It is " + clock(body.duration_seconds * 1000) + " long and kept in the vault, never edited.";
      el("recorder-player-link").href = body.player_url;
      el("recorder-done").hidden = false;
      el("recorder-done-box").focus();
    } catch (error) {
      status.textContent = "Stopped, not stored yet";
      showError((error.message || String(error)) + " Reload this page and choose “Finish the recording from what was received”.");
    }
    stopWrap.hidden = true;
    stopButton.disabled = false;
    startWrap.hidden = false;
    session = null;
  }

  // Ask the server to store the recording, retrying what may pass (as deliver does) a few
  // times: 503 means another request is storing it now, and the next try returns its result.
  async function finishWithRetries() {
    let delay = 2000;
    for (let attempt = 1; ; attempt++) {
      let response = null;
      try {
        response = await send(session.finish_url, "", "application/json", 1, 120000);
      } catch (error) {
        if (attempt >= 8) throw error;
      }
      if (response && !isTransient(response.status)) return response;
      if (response && attempt >= 8) return response;
      status.textContent = "Storing the recording in the vault (trying again)";
      await wait(retryAfter(response, delay));
      delay = Math.min(delay * 2, 30000);
    }
  }

  function pump() {
    if (!pumping) {
      pumping = drain().finally(() => {
        pumping = null;
      });
    }
    return pumping;
  }

  async function drain() {
    while (queue.length && !fatal) {
      const item = queue[0];
      const outcome = await deliver(item);
      if (outcome.error) {
        fatal = outcome.error;
        showError(outcome.error + " What was saved before this is kept: reload this page to finish the recording from what was received.");
        if (recorder) setTimeout(stop, 0); // after this drain has returned (stop waits for it)
        return;
      }
      queue.shift();
      savedUntil = item.until;
      savedText.textContent = "Saved up to " + clock(savedUntil);
      checkBehind();
    }
  }

  // Send one chunk until the server has it: retry failed connections, timeouts, 5xx, 408, 429
  // and 401 (signed out) with backoff; any other refusal (409 conflict, 413, 403) is final
  // and named. A chunk sent again that the server already holds is answered 200.
  async function deliver(item) {
    let delay = 1000;
    for (;;) {
      let retryWhy = "the connection failed";
      let response = null;
      try {
        response = await send(session.chunk_url + item.seq + "/", item.blob, "application/octet-stream", 1, 60000);
        if (response.ok) {
          hideBehindIfCaughtUp();
          return {};
        }
        const body = await response.json().catch(() => ({}));
        if (response.status === 401) {
          retryWhy = body.error || "you have been signed out";
        } else if (!isTransient(response.status)) {
          return { error: body.error || "The server refused part of the recording (" + response.status + ")." };
        } else {
          retryWhy = "the server is not answering";
        }
      } catch (error) {
        retryWhy = "the connection failed";
      }
      warnBehind(retryWhy);
      await wait(retryAfter(response, delay));
      delay = Math.min(delay * 2, 30000);
    }
  }

  function send(url, body, type, attempts = 1, timeoutMs = 0) {
    const request = () =>
      fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        redirect: "error",
        headers: { "Content-Type": type, "X-CSRFToken": csrf, Accept: "application/json" },
        // A server that died mid-request may never answer: give up and send again.
        signal: timeoutMs && window.AbortSignal && AbortSignal.timeout ? AbortSignal.timeout(timeoutMs) : undefined,
      });
    let tries = 0;
    const attempt = () =>
      request().catch((error) => {
        tries += 1;
        if (tries >= attempts) throw error;
        return new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** tries)).then(attempt);
      });
    return attempt();
  }

  // How much has been recorded: the time since it started, less the time spent paused.
  function recordedMs() {
    return Date.now() - startedAt - pausedMs - (pausedSince ? Date.now() - pausedSince : 0);
  }

  function tick() {
    if (startedAt) elapsedText.textContent = clock(recordedMs());
    checkBehind();
  }

  // More than three pieces not yet saved: say so plainly.
  function checkBehind() {
    if (!recorder && !queue.length) return;
    const unsaved = recordedMs() - savedUntil;
    if (unsaved > 3 * timeslice + 5000) warnBehind("the connection is slow");
  }

  function warnBehind(why) {
    const unsaved = Math.round((recordedMs() - savedUntil) / 1000);
    const text = "Saving has fallen behind (" + why + "): the last " + unsaved + " seconds are not saved yet. Keep this page open; they are sent as soon as the connection allows.";
    if (behindText.textContent !== text) behindText.textContent = text;
    behind.hidden = false;
  }

  function hideBehindIfCaughtUp() {
    if (queue.length <= 1) behind.hidden = true;
  }

  function stopTracks() {
    if (stream) stream.getTracks().forEach((track) => track.stop());
    stream = null;
  }

  function showError(text) {
    el("recorder-error-text").textContent = text;
    el("recorder-error").hidden = false;
    el("recorder-error-box").focus();
  }

  function hideError() {
    el("recorder-error").hidden = true;
    fatal = null;
  }
}

// Worth trying again: the server or the connection may recover (5xx, 408 timeout, 429 too many
// requests, 401 signed out until signed in again in another tab).
function isTransient(code) {
  return code >= 500 || code === 408 || code === 429 || code === 401;
}

// The server's Retry-After in seconds, if it gave one (at most a minute), else `fallback` ms.
function retryAfter(response, fallback) {
  const seconds = response ? Number(response.headers.get("Retry-After")) : NaN;
  return seconds > 0 ? Math.min(seconds, 60) * 1000 : fallback;
}

function wait(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function whyUnavailable() {
  if (!window.isSecureContext) {
    return "Recording only works on a secure connection. Open this page at its https:// address: browsers do not let a page use the microphone otherwise.";
  }
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof MediaRecorder === "undefined") {
    return "This browser cannot record. Use an up-to-date Chrome, Edge, Firefox or Safari.";
  }
  if (!pickType()) {
    return "This browser cannot record in a format the vault accepts (WebM, Ogg or MP4 audio). Use an up-to-date Chrome, Edge, Firefox or Safari.";
  }
  return "";
}

function pickType() {
  for (const type of ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"]) {
    if (MediaRecorder.isTypeSupported(type)) return type;
  }
  return "";
}

function clock(ms) {
  const whole = Math.max(0, Math.floor(ms / 1000));
  const pad = (n) => String(n).padStart(2, "0");
  return pad(Math.floor(whole / 3600)) + ":" + pad(Math.floor((whole % 3600) / 60)) + ":" + pad(whole % 60);
}
