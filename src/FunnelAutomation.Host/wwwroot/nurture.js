// Nurture additions to the dashboard: A/B variants side by side in the sequence performance panel, and the
// sequence preview beside the validator. Uses app.js's helpers ($, el, api, fmtInt, fmtPct, showErrors).
"use strict";

// ---- A/B variants ------------------------------------------------------------------------------

const VARIANT_ROWS = [
  ["sent", "Sent", (c) => fmtInt(c.sent)],
  ["open", "Open", (c) => fmtPct(c.openRate)],
  ["click", "Click", (c) => fmtPct(c.clickRate)],
  ["reply", "Reply", (c) => fmtPct(c.replyRate)],
  ["conversion", "Conv.", (c) => fmtPct(c.conversionRate)],
];

// Called by app.js with the /api/analytics/sequences answer it just drew.
function renderVariants(sequences) {
  const blocks = [];
  for (const s of sequences) {
    for (const step of s.variants || []) {
      const id = `${s.sequenceId}-${step.stepId}`;
      const winner = step.winner ? step.winner.winnerVariantId : null;
      const head = el("tr", {}, el("th", { scope: "col", text: "A/B " + s.sequenceId + " · " + step.stepId }),
        step.variants.map((v) => el("th", { scope: "col", class: "num" + (v.variantId === winner ? " winner" : ""), "data-testid": `variant-${id}-${v.variantId}` },
          v.variantId, v.variantId === winner ? " ★" : "")));
      const rows = VARIANT_ROWS.map(([key, label, value]) => el("tr", {}, el("th", { scope: "row", text: label }),
        step.variants.map((v) => el("td", { class: "num", "data-testid": `variant-${id}-${v.variantId}-${key}`, text: value(v) }))));
      blocks.push(el("table", { class: "variants", "data-testid": "variants-" + id },
        el("caption", { class: "visually-hidden", text: `Variants of ${step.stepId} side by side` }), el("thead", {}, head), el("tbody", {}, rows)));
      blocks.push(el("p", { class: "muted small", "data-testid": "variant-winner-" + id, text: step.winner
        ? `Winner since ${fmtWhen(step.winner.at)} UTC: ${step.winner.reason}. All later leads get ${winner}.`
        : "Test running: each lead gets its variant by weight (the same one on every send)." }));
    }
  }
  $("seqperf-variants").replaceChildren(...blocks);
}

const fmtWhen = (at) => String(at).replace("T", " ").slice(0, 16);

// ---- preview before activating -----------------------------------------------------------------

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

// A local time as the API gives it ("2026-03-09T09:00:00+01:00"): its wall-clock date and time, with the weekday.
function fmtLocal(text) {
  const day = DAYS[new Date(text.slice(0, 10) + "T00:00:00Z").getUTCDay()];
  return `${day} ${text.slice(0, 16).replace("T", " ")}`;
}

function buildPreviewForm() {
  const field = (id, label, attrs = {}) => el("div", { class: "field" }, el("label", { for: id, text: label }),
    el("input", Object.assign({ id, name: id, type: "text", autocomplete: "off" }, attrs)));
  const form = el("form", { id: "preview-form", "aria-labelledby": "preview-title" },
    el("h3", { id: "preview-title", text: "Preview before activating" }),
    el("p", { class: "hint", text: "The emails the document above would send one lead, and when. Give a sample lead or a stored lead id." }),
    el("div", { class: "filters" },
      field("preview-firstName", "First name", { value: "Ann" }),
      field("preview-country", "Country", { value: "DE", maxlength: 2 }),
      field("preview-timeZone", "Time zone (optional)", { placeholder: "from country" }),
      field("preview-employees", "Employees", { inputmode: "numeric" }),
      field("preview-leadId", "or stored lead id", { placeholder: "ld_…" }),
      field("preview-start", "Start (UTC)", { placeholder: "now, or 2026-03-03T18:00:00Z" })),
    el("div", { class: "row wrap" },
      el("label", { class: "check" }, el("input", { id: "preview-clicked", type: "checkbox" }), " assume the lead clicks an email"),
      el("div", { class: "field wide" }, el("label", { for: "preview-visits", text: "Assume visits (URLs, comma-separated)" }),
        el("input", { id: "preview-visits", type: "text", placeholder: "none" })),
      el("button", { id: "preview-submit", type: "submit", "data-testid": "preview-submit", text: "Preview" })));
  const result = el("div", { id: "preview-result", "data-testid": "preview-result" },
    el("p", { id: "preview-summary", class: "muted", "data-testid": "preview-summary" }),
    el("table", { id: "preview-emails", "data-testid": "preview-emails" },
      el("caption", { class: "visually-hidden", text: "Emails the lead would get" }),
      el("thead", {}, el("tr", {}, ["Step", "Variant", "Timing", "Due (lead's time)", "Sends (lead's time)", "Note"].map((t) => el("th", { scope: "col", text: t })))),
      el("tbody")),
    el("ul", { id: "preview-actions", class: "plain", "data-testid": "preview-actions" }),
    el("details", { open: true }, el("summary", { text: "Assumptions" }), el("ul", { id: "preview-assumptions", "data-testid": "preview-assumptions" })));
  $("sequence-preview").replaceChildren(form, el("ul", { id: "preview-errors", class: "errors", "data-testid": "preview-errors" }), result);
  form.addEventListener("submit", previewSequence);
}

function previewRequest() {
  let sequence;
  try {
    sequence = JSON.parse($("sequence-editor").value);
  } catch (error) {
    throw new ApiError(400, { errors: [{ field: "$.sequence", reason: "the editor does not hold valid JSON: " + error.message }] });
  }
  const value = (id) => $(id).value.trim();
  const body = { sequence, assumptions: { clicked: $("preview-clicked").checked, visits: value("preview-visits").split(",").map((v) => v.trim()).filter(Boolean) } };
  if (value("preview-leadId")) {
    body.leadId = value("preview-leadId");
  } else {
    body.lead = {};
    for (const name of ["firstName", "country", "timeZone", "employees"]) {
      if (value("preview-" + name)) body.lead[name] = value("preview-" + name);
    }
  }
  if (value("preview-start")) body.start = value("preview-start");
  return body;
}

async function previewSequence(event) {
  event.preventDefault();
  showErrors("preview-errors", null);
  const body = $("preview-emails").tBodies[0];
  try {
    const preview = await api("/api/config/sequence/preview", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(previewRequest()),
    });
    $("preview-summary").textContent = `${preview.sequenceId}: ${preview.emails.length} email(s) in ${preview.timeZone}` +
      (preview.enrolls ? "" : " — this lead would not enroll (shown as if it did)") + `; ends: ${preview.endReason}.` +
      (preview.notReached.length ? ` Not reached: ${preview.notReached.join(", ")}.` : "");
    body.replaceChildren(...(preview.emails.length ? preview.emails.map((m) => el("tr", { "data-testid": "preview-email-" + m.stepId, "data-send-at": m.sendAt },
      el("td", { text: m.stepId }), el("td", { text: m.variantId || "–" }), el("td", { "data-testid": "preview-timing-" + m.stepId, text: m.timing }),
      el("td", { class: "nowrap", text: fmtLocal(m.localDueAt) }),
      el("td", { class: "nowrap", "data-testid": "preview-sends-" + m.stepId, text: fmtLocal(m.localSendAt) }),
      el("td", { text: m.held || "" }))) : [el("tr", {}, el("td", { colspan: 6, class: "empty", text: "No email would be sent." }))]));
    $("preview-actions").replaceChildren(...preview.actions.map((a) => el("li", { "data-testid": "preview-action-" + a.stepId },
      `${fmtLocal(a.at)} UTC · ${a.kind === "task" ? "task for the owner" : "tell the owner"}: ${a.text}`)));
    $("preview-assumptions").replaceChildren(...preview.assumptions.map((a) => el("li", { text: a })));
  } catch (error) {
    $("preview-summary").textContent = "";
    body.replaceChildren();
    showErrors("preview-errors", error);
  }
}

document.addEventListener("DOMContentLoaded", buildPreviewForm);
