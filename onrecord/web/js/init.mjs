import { initAll } from "./govuk-frontend.min.js";
import { setUpPasskeyForms } from "./passkeys.mjs";
import { setUpTimeoutWarning } from "./timeout-warning.mjs";

initAll();

const timeoutDialog = document.querySelector('[data-module="onrecord-timeout-warning"]');
if (timeoutDialog instanceof HTMLDialogElement) setUpTimeoutWarning(timeoutDialog);

setUpPasskeyForms();
