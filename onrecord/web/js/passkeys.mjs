// Passkeys (WebAuthn) for the two-step pages (accounts/passkey_views.py). A form marked
// data-module="onrecord-passkey" carries the server's options (JSON, base64url binary) in
// data-options and data-ceremony "create" (add a passkey) or "get" (sign in with one). On submit
// the browser asks the device for the passkey, and the form is posted with the answer as JSON in
// its hidden "credential" field; the server checks everything. Without WebAuthn the form says so.

function fromBase64url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function toBase64url(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 1) binary += String.fromCharCode(bytes[i]);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeDescriptors(list) {
  return (list || []).map((item) => ({ ...item, id: fromBase64url(item.id) }));
}

export function creationOptions(json) {
  return {
    ...json,
    challenge: fromBase64url(json.challenge),
    user: { ...json.user, id: fromBase64url(json.user.id) },
    excludeCredentials: decodeDescriptors(json.excludeCredentials),
  };
}

export function requestOptions(json) {
  return {
    ...json,
    challenge: fromBase64url(json.challenge),
    allowCredentials: decodeDescriptors(json.allowCredentials),
  };
}

export function credentialJSON(credential) {
  const response = credential.response;
  const common = {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
  };
  if (response.attestationObject) {
    return {
      ...common,
      response: {
        clientDataJSON: toBase64url(response.clientDataJSON),
        attestationObject: toBase64url(response.attestationObject),
        transports: typeof response.getTransports === "function" ? response.getTransports() : [],
      },
    };
  }
  return {
    ...common,
    response: {
      clientDataJSON: toBase64url(response.clientDataJSON),
      authenticatorData: toBase64url(response.authenticatorData),
      signature: toBase64url(response.signature),
      userHandle: response.userHandle ? toBase64url(response.userHandle) : undefined,
    },
  };
}

// The words shown come from the form's data attributes, translated by the template
// (accounts/includes/passkey_messages.html); the English here is only a fallback.
const MESSAGES = {
  NotAllowedError: ["notAllowed", "You did not finish using your passkey, or it took too long. Try again"],
  InvalidStateError: ["invalidState", "This device already has a passkey for your account. Use another device"],
  NotSupportedError: ["notSupported", "This device cannot make a passkey that OnRecord accepts. Use another device"],
  SecurityError: ["security", "Passkeys do not work at this web address. Ask your administrator"],
};

function words(form, key, english) {
  return form.dataset["passkey" + key.charAt(0).toUpperCase() + key.slice(1)] || english;
}

function showMessage(form, text) {
  const message = form.querySelector("[data-passkey-message]");
  if (!message) return;
  message.textContent = "";
  const hidden = document.createElement("span");
  hidden.className = "govuk-visually-hidden";
  hidden.textContent = words(form, "error", "Error:") + " ";
  message.append(hidden, text);
  message.hidden = false;
  message.setAttribute("role", "alert");
  message.closest(".govuk-form-group")?.classList.add("govuk-form-group--error");
}

export function setUpPasskeyForm(form) {
  const ceremony = form.dataset.ceremony;
  const field = form.querySelector('input[name="credential"]');
  if (!field || (ceremony !== "create" && ceremony !== "get")) return;
  if (!window.PublicKeyCredential || !navigator.credentials) {
    showMessage(form, words(form, "noBrowser", "This browser cannot use passkeys. Use another browser, or your app or a recovery code"));
    form.querySelectorAll("button").forEach((button) => { button.disabled = true; });
    return;
  }
  let busy = false;
  form.addEventListener("submit", async (event) => {
    if (field.value) return; // the answer is in: let the form go
    const name = form.querySelector('input[name="name"]');
    if (name && !name.value.trim()) return; // the server asks for the name first
    event.preventDefault();
    if (busy) return;
    busy = true;
    try {
      const options = JSON.parse(form.dataset.options);
      const credential =
        ceremony === "create"
          ? await navigator.credentials.create({ publicKey: creationOptions(options) })
          : await navigator.credentials.get({ publicKey: requestOptions(options) });
      field.value = JSON.stringify(credentialJSON(credential));
      form.submit();
    } catch (error) {
      const known = MESSAGES[error && error.name] || ["notUsed", "Your passkey could not be used. Try again"];
      showMessage(form, words(form, known[0], known[1]));
      busy = false;
    }
  });
}

export function setUpPasskeyForms(root = document) {
  root.querySelectorAll('[data-module="onrecord-passkey"]').forEach(setUpPasskeyForm);
}
