// After a failed submit, move focus to the error summary at the top of the page, so that the
// person (and a screen reader) learns at once what to correct; its links lead to each field.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
