// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Ask before irreversible steps (marking a deadline done, deleting a cost item, ...).
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // Bring the reader to the list of errors after a refused form.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  // Drag and drop onto a file input's drop zone.
  document.querySelectorAll(".dropzone").forEach((zone) => {
    const input = zone.querySelector("input[type=file]");
    if (!input) return;
    ["dragenter", "dragover"].forEach((name) => zone.addEventListener(name, (e) => {
      e.preventDefault(); zone.classList.add("dragover");
    }));
    ["dragleave", "drop"].forEach((name) => zone.addEventListener(name, (e) => {
      e.preventDefault(); zone.classList.remove("dragover");
    }));
    zone.addEventListener("drop", (e) => { input.files = e.dataTransfer.files; });
  });
  // Auto-submit filter selects marked for it, keeping the query string as the state.
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  // A long run done a share per request (a mass's bulk step): ask for the next share.
  const next = document.querySelector("form[data-auto-submit]");
  if (next) window.setTimeout(() => next.submit(), 300);
});
