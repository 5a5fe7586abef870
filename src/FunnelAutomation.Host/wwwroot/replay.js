// What-if replay panel: choose a kind, edit a changed document, replay the stored history with it and with the
// active configuration, and show the two side by side. Uses app.js's helpers ($, el, api, fmtInt, fmtPct, showErrors).
"use strict";

// A table of rows [label, baseline, candidate] (or more columns), with a difference column when both are numbers.
function sideBySide(id, caption, head, rows) {
  return el("table", { class: "replay", "data-testid": id },
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, head.map((h, i) => el("th", { scope: "col", class: i ? "num" : null, text: h })))),
    el("tbody", {}, rows.length ? rows.map((r) => el("tr", { "data-testid": `${id}-${r[0]}` },
      el("th", { scope: "row", text: r[0] }), r.slice(1).map((v) => el("td", { class: "num", text: v }))))
      : el("tr", {}, el("td", { colspan: head.length, class: "empty", text: "Nothing in the history." }))));
}

const delta = (b, c) => (c - b > 0 ? "+" : "") + fmtInt(c - b);

function renderReplay(r) {
  const grades = [...new Set([...Object.keys(r.grades.baseline), ...Object.keys(r.grades.candidate)])].sort();
  const parts = [
    el("p", { "data-testid": "replay-summary", text: `${fmtInt(r.leads)} lead(s), ${fmtInt(r.actions)} action(s) replayed: ` +
      `${fmtInt(r.owners.changed)} owner(s) and ${fmtInt(r.grades.changed)} grade(s) change.` }),
    el("p", { class: "muted small", "data-testid": "replay-live", text: r.live.ownersDiffer + r.live.gradesDiffer + r.live.stagesDiffer === 0
      ? "The baseline replay matches what is stored (owners, grades, stages)."
      : `The baseline replay differs from what is stored: ${r.live.ownersDiffer} owner(s), ${r.live.gradesDiffer} grade(s), ${r.live.stagesDiffer} stage(s) (e.g. ${r.live.examples.join(", ")}): the replay's assumptions below did not hold live.` }),
    sideBySide("replay-grades", "Grades (final)", ["Grade", "Active", "Changed", "Δ"],
      grades.map((g) => [g, fmtInt(r.grades.baseline[g] || 0), fmtInt(r.grades.candidate[g] || 0), delta(r.grades.baseline[g] || 0, r.grades.candidate[g] || 0)])),
    sideBySide("replay-loads", "Rep loads (leads owned at the end; open ones)", ["Owner", "Active", "Changed", "Δ", "Open active", "Open changed"],
      r.repLoads.map((l) => [l.owner, fmtInt(l.baselineAssigned), fmtInt(l.candidateAssigned), delta(l.baselineAssigned, l.candidateAssigned), fmtInt(l.baselineOpen), fmtInt(l.candidateOpen)])),
    sideBySide("replay-emails", "Emails per sequence step", ["Sequence / step", "Active", "Changed", "Would be sent", "Would not be sent"],
      r.emails.map((e) => [`${e.sequenceId} · ${e.stepId}`, fmtInt(e.baseline), fmtInt(e.candidate), fmtInt(e.wouldBeSent), fmtInt(e.wouldNotBeSent)])),
    sideBySide("replay-stages", "Stages: reached, now, and conversion to the next stage", ["Pipeline / stage", "Reached active", "Reached changed", "Now active", "Now changed", "Conv. active", "Conv. changed"],
      r.stages.map((s) => [`${s.pipelineId} · ${s.stage}`, fmtInt(s.baselineReached), fmtInt(s.candidateReached), fmtInt(s.baselineNow), fmtInt(s.candidateNow), fmtPct(s.baselineConversion), fmtPct(s.candidateConversion)])),
    el("details", { "data-testid": "replay-owners" }, el("summary", { text: `Leads whose owner changes (${fmtInt(r.owners.changed)}${r.owners.listed ? "" : ", first ones listed"})` }),
      el("ul", { class: "plain" }, r.owners.leads.map((l) => el("li", { "data-testid": "replay-owner-" + l.leadId, text: `${l.leadId}: ${l.from} → ${l.to}` })))),
    el("details", {}, el("summary", { text: "Assumptions" }), el("ul", {}, r.assumptions.map((a) => el("li", { text: a })))),
  ];
  $("replay-result").replaceChildren(...parts);
}

async function loadReplayDocument() {
  showErrors("replay-errors", null);
  try {
    const docs = await api("/api/config/" + $("replay-kind").value);
    $("replay-editor").value = docs.length ? JSON.stringify(docs[0].document, null, 2) : "";
  } catch (error) {
    showErrors("replay-errors", error);
  }
}

async function runReplay(event) {
  event.preventDefault();
  showErrors("replay-errors", null);
  $("replay-result").replaceChildren();
  $("replay-status").textContent = "replaying…";
  try {
    let documentJson;
    try {
      documentJson = JSON.parse($("replay-editor").value);
    } catch (error) {
      throw new ApiError(400, { errors: [{ field: "$.document", reason: "the editor does not hold valid JSON: " + error.message }] });
    }
    const body = { document: documentJson };
    for (const name of ["from", "to"]) {
      if ($("replay-" + name).value.trim()) body[name] = $("replay-" + name).value.trim();
    }
    const report = await api(`/api/config/${$("replay-kind").value}/replay`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
    });
    renderReplay(report);
    $("replay-status").textContent = "done";
  } catch (error) {
    $("replay-status").textContent = "";
    showErrors("replay-errors", error);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("replay-form").addEventListener("submit", runReplay);
  $("replay-load").addEventListener("click", loadReplayDocument);
  $("replay-kind").addEventListener("change", loadReplayDocument);
});
