// A parent's own recording uploaded with the tus resumable protocol (docs/VAULT.md,
// "Resumable uploads"): tus-js-client (loaded before this, as window.tus) sends the file in
// 8 MiB requests; a dropped connection is retried with backoff, and the upload goes on from the
// byte the server holds (it asks with HEAD), even after the page is reloaded on this device.
// Progress is shown and announced. Without JavaScript, or where tus cannot run, the form posts
// the file in one request as before (parent_copies.py). No inline script: CSP.

const form = document.querySelector("form[data-resumable-url]");
// After the server refused the form (its error summary is shown), the next try posts the form.
if (form && document.getElementById("upload-error") && window.tus && window.tus.isSupported) setUp(form);

function setUp(form) {
  const input = form.querySelector('input[type="file"]');
  const button = form.querySelector('button[type="submit"]');
  const panel = document.getElementById("upload-progress");
  const bar = document.getElementById("upload-progress-bar");
  const text = document.getElementById("upload-progress-text");
  const cancel = document.getElementById("upload-cancel");
  const errorBox = document.getElementById("upload-error");
  const errorText = document.getElementById("upload-error-text");
  let upload = null;

  form.addEventListener("submit", async (event) => {
    const file = input.files && input.files[0];
    const choices = form.querySelectorAll('input[name="family_member"]');
    const chosen = form.querySelector('input[name="family_member"]:checked');
    // Nothing chosen: let the form post, so the server shows its usual error messages.
    if (!file || (choices.length && !chosen)) return;
    event.preventDefault();
    errorBox.hidden = true;
    button.disabled = true;
    panel.hidden = false;
    show(0, file.size);
    upload = new window.tus.Upload(file, {
      endpoint: form.dataset.resumableUrl,
      chunkSize: 8 * 1024 * 1024, // each request is short: no server or proxy timeout cuts it
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000, 60000, 60000],
      metadata: { filename: file.name, filetype: file.type || "", family_member: chosen ? chosen.value : "" },
      headers: { "X-CSRFToken": form.dataset.csrfToken },
      removeFingerprintOnSuccess: true,
      onProgress: (sent, total) => show(sent, total),
      onSuccess: (payload) => {
        const next = payload && payload.lastResponse ? payload.lastResponse.getHeader("OnRecord-Next") : null;
        window.location.assign(next || form.dataset.doneUrl);
      },
      onError: (error) => fail(error),
    });
    try {
      const previous = await upload.findPreviousUploads();
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
    } catch (error) {
      // No stored uploads on this device (private browsing): start from the beginning.
    }
    upload.start();
  });

  if (cancel) {
    cancel.addEventListener("click", async () => {
      if (!upload) return;
      cancel.disabled = true;
      try {
        await upload.abort(true); // and ask the server to drop what it holds
      } catch (error) {
        // Already gone, or offline: the server drops it after a day anyway.
      }
      upload = null;
      panel.hidden = true;
      button.disabled = false;
      cancel.disabled = false;
      text.textContent = "";
    });
  }

  function show(sent, total) {
    const percent = total ? Math.floor((sent / total) * 100) : 0;
    bar.value = percent;
    bar.textContent = percent + "%";
    // Announced by the live region about every tenth, not at every byte.
    // The words come from the page (translated there): "Uploaded {sent} of {total}".
    const template = form.dataset.progress || "Uploaded {sent} of {total}";
    const words = template.replace("{sent}", size(sent)).replace("{total}", size(total)) + " (" + percent + "%)";
    if (percent === 100 || percent % 10 === 0 || !text.textContent) text.textContent = words;
    bar.setAttribute("aria-valuetext", words);
  }

  function fail(error) {
    const response = error && error.originalResponse;
    let message =
      form.dataset.stopped ||
      "The upload stopped and could not be resumed. Check your connection, then choose Upload recording again: it goes on from where it stopped.";
    if (response) {
      try {
        const body = JSON.parse(response.getBody() || "{}");
        if (body.error) message = body.error;
      } catch (parseError) {
        // Not JSON: keep the general message.
      }
    }
    errorText.textContent = message;
    errorBox.hidden = false;
    errorBox.focus();
    panel.hidden = true;
    button.disabled = false;
  }
}

function size(bytes) {
  if (bytes >= 1024 * 1024 * 1024) return (bytes / 1024 ** 3).toFixed(1) + " GB";
  if (bytes >= 1024 * 1024) return (bytes / 1024 ** 2).toFixed(1) + " MB";
  return Math.ceil(bytes / 1024) + " KB";
}
