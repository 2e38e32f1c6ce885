// GOV.UK Frontend's convention: mark the body so component styles for JavaScript apply.
// Kept in a file, not inline, so the Content-Security-Policy can forbid inline scripts.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
