// Bulk import (CSV): upload the file as it is (the Host streams it), then follow the import with a progress bar
// until every accepted row is processed, and offer the per-row report. Uses api(), $, el() and showErrors().
"use strict";

let importPoll = null;

function showImport(progress) {
  const bar = $("import-progress");
  bar.hidden = false;
  bar.max = Math.max(1, progress.accepted);
  bar.value = progress.status === "done" ? bar.max : Math.min(progress.processed || 0, bar.max);
  $("import-status").textContent =
    `${progress.status}: ${fmtInt(progress.received)} rows received, ${fmtInt(progress.accepted)} accepted, ` +
    `${fmtInt(progress.rejected)} rejected, ${fmtInt(progress.processed || 0)} processed` +
    (progress.error ? ` (${progress.error})` : "");
  $("import-status").dataset.status = progress.status;
}

async function followImport(progressPath) {
  clearTimeout(importPoll);
  try {
    const progress = await api(progressPath);
    showImport(progress);
    if (progress.status !== "done" && progress.status !== "failed") importPoll = setTimeout(() => followImport(progressPath), 1000);
  } catch (error) {
    $("import-status").textContent = "Could not read the import's progress: " + error.message;
  }
}

// The report needs the key, so it is fetched with the header and handed to the browser as a file (a link with
// ?code= would put the key in the address bar and history).
async function downloadReport(path, importId) {
  const csv = await api(path, { headers: { accept: "text/csv" } });
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
  const link = el("a", { href: url, download: `import-${importId}-report.csv` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function uploadImport(event) {
  event.preventDefault();
  const file = $("import-file").files[0];
  if (!file) return;
  showErrors("import-errors", null);
  $("import-report").hidden = true;
  $("import-status").textContent = `Uploading ${file.name}…`;
  try {
    const accepted = await api("/api/leads/import", { method: "POST", headers: { "content-type": "text/csv" }, body: file });
    showImport(accepted);
    const report = $("import-report");
    report.hidden = false;
    report.onclick = () => downloadReport(accepted.report, accepted.importId).catch((error) => showErrors("import-errors", error));
    followImport(accepted.progress);
  } catch (error) {
    $("import-status").textContent = "The import was refused.";
    showErrors("import-errors", error);
  }
}

document.getElementById("import-form").addEventListener("submit", uploadImport);
