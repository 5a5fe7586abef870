// FunnelAutomation dashboard: plain JS against the Host's API. No framework, no CDN, works offline.
// The function key comes from ?key= (scripts/run.sh prints the link) and is kept in sessionStorage.
"use strict";

const KEY_STORAGE = "funnelautomation.functionKey";
const $ = (id) => document.getElementById(id);
const numberFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
const fmtInt = (n) => (n == null ? "–" : numberFormat.format(n));
const fmtMoney = (n) => (n == null ? "–" : numberFormat.format(n));
const fmtPct = (r) => (r == null ? "–" : oneDecimal.format(r * 100) + " %");
const fmtDays = (d) => (d == null ? "–" : oneDecimal.format(d));

function takeKey() {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("key");
  if (fromUrl) {
    sessionStorage.setItem(KEY_STORAGE, fromUrl);
    url.searchParams.delete("key"); // keep the secret out of history and screenshots
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(KEY_STORAGE);
}

class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || "HTTP " + status);
    this.status = status;
    this.problem = problem;
  }
}

async function api(path, options = {}) {
  const headers = Object.assign({ "x-functions-key": sessionStorage.getItem(KEY_STORAGE) || "" }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers, cache: "no-store" }));
  const type = response.headers.get("content-type") || "";
  const body = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    if (response.status === 401) showKeyPanel("The function key was refused (401). Enter the right key.");
    throw new ApiError(response.status, typeof body === "object" ? body : null);
  }
  return body;
}

function setStatus(text, isError = false) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

function showErrors(listId, error) {
  const list = $(listId);
  list.replaceChildren();
  if (!error) return;
  const fields = error.problem && Array.isArray(error.problem.errors) ? error.problem.errors : [];
  if (fields.length === 0) {
    list.append(el("li", { "data-testid": "error" }, error.message));
    return;
  }
  for (const f of fields) {
    const path = f.field || f.path;
    list.append(el("li", { "data-testid": "error", "data-path": path }, el("code", { text: path }), " ", f.reason));
  }
}

function showKeyPanel(message) {
  $("key-panel").hidden = false;
  setStatus(message, true);
}

function filters() {
  const form = new FormData($("filters"));
  const params = new URLSearchParams();
  for (const [name, value] of form.entries()) {
    const text = String(value).trim();
    if (text) params.set(name, text);
  }
  return params;
}

// ---- funnel and tiles -------------------------------------------------------------------------

function renderFunnel(report) {
  $("funnel-name").textContent = "— " + report.pipelineName;
  $("funnel-summary").textContent =
    `${fmtInt(report.entered)} entered · ${fmtInt(report.open)} open · ${fmtInt(report.won)} won · ${fmtInt(report.lost)} lost` +
    ` · months ${report.query.from} to ${report.query.to}`;
  const top = Math.max(1, ...report.stages.map((s) => s.reached));
  const bottleneckId = report.bottleneck ? report.bottleneck.stageId : null;
  const rows = report.stages.map((stage, i) => {
    const width = Math.max(1, Math.round((stage.reached / top) * 100));
    const conversion = i === 0 ? "" : fmtPct(stage.conversionFromPrevious);
    return el("li", {
      class: "stage" + (stage.stageId === bottleneckId ? " bottleneck-stage" : ""),
      "data-testid": "stage-" + stage.stageId,
      "data-stage": stage.stageId,
      "data-reached": stage.reached,
      "aria-label": `${stage.name}: ${stage.reached} reached` + (i === 0 ? "" : `, ${conversion} from previous stage`),
    },
      el("span", { class: "stage-name", title: stage.name, text: stage.name }),
      el("div", { class: "stage-track", "aria-hidden": "true" }, el("div", { class: "stage-bar", style: `width:${width}%` })),
      el("span", { class: "stage-figures" },
        el("span", { class: "stage-count", "data-testid": "stage-count-" + stage.stageId, text: String(stage.reached) }),
        i === 0 ? null : el("span", { class: "stage-conv", "data-testid": "stage-conv-" + stage.stageId, title: "conversion from the previous stage", text: conversion })));
  });
  $("funnel").replaceChildren(...rows);

  const b = report.bottleneck;
  $("bottleneck").replaceChildren(...(b
    ? ["Bottleneck: ", el("strong", { "data-testid": "bottleneck-stage", text: b.stageName }),
      b.reason === "mostStalled" ? ` — ${b.stalledLeads} stalled lead(s) here` : ` — lowest conversion to the next stage (${fmtPct(b.conversionToNext)})`]
    : ["No bottleneck measured yet."]));

  $("tile-win-rate").textContent = fmtPct(report.winRate);
  $("tile-cycle").textContent = fmtDays(report.averageCycleDays);
  $("tile-deal").textContent = fmtMoney(report.averageDealSize);
  $("tile-forecast").textContent = fmtMoney(report.weightedForecast);
  $("tile-open-value").textContent = fmtMoney(report.openPipelineValue);

  const names = Object.fromEntries(report.stages.map((s) => [s.stageId, s.name]));
  $("stalled-count").textContent = String(report.stalledCount);
  const stalled = report.stalled.map((s) => el("tr", { "data-lead": s.leadId },
    el("td", { text: s.leadId }), el("td", { text: s.ownerRepId || "unassigned" }), el("td", { text: names[s.stageId] || s.stageId }),
    el("td", { class: "num", text: fmtDays(s.daysInStage) }), el("td", { class: "num", text: String(s.normDays) }),
    el("td", { class: "num", text: fmtMoney(s.amount) })));
  $("stalled").tBodies[0].replaceChildren(...(stalled.length ? stalled : [el("tr", {}, el("td", { colspan: 6, class: "empty", text: "No stalled leads." }))]));
}

async function loadFunnel() {
  const params = filters();
  showErrors("filter-errors", null);
  try {
    const report = await api("/api/funnel?" + params.toString());
    renderFunnel(report);
    return report;
  } catch (error) {
    showErrors("filter-errors", error);
    throw error;
  }
}

// ---- workload, sequences, outbox --------------------------------------------------------------

// Inactive (taken off routing) and out of office (away for a while) are different things to a manager.
function repStatus(r) {
  if (!r.active) return [" ", el("span", { class: "rep-status inactive", text: "inactive" })];
  if (r.available) return null;
  const until = r.outOfOfficeUntil ? " until " + new Date(r.outOfOfficeUntil).toISOString().slice(0, 10) : "";
  return [" ", el("span", { class: "rep-status away", text: "out of office" + until })];
}

async function loadWorkload() {
  const reps = await api("/api/reps/workload");
  const rows = reps.map((r) => {
    const ratio = r.maxOpenLeads > 0 ? r.openLeads / r.maxOpenLeads : 1;
    const level = ratio >= 1 ? " full" : ratio >= 0.8 ? " high" : "";
    return el("li", { class: "bar-row", "data-testid": "rep-" + r.repId, "data-open": r.openLeads, "data-max": r.maxOpenLeads },
      el("span", {}, r.name, " ", el("span", { class: "muted", text: r.team ? `(${r.team})` : "" }),
        repStatus(r)),
      el("div", { class: "bar-track", role: "meter", "aria-valuemin": 0, "aria-valuemax": r.maxOpenLeads, "aria-valuenow": r.openLeads,
        "aria-label": `${r.name}: ${r.openLeads} of ${r.maxOpenLeads} open leads` },
        el("div", { class: "bar-fill" + level, style: `width:${Math.min(100, Math.round(ratio * 100))}%` })),
      el("span", { class: "num", text: `${r.openLeads} / ${r.maxOpenLeads}` }));
  });
  $("workload").replaceChildren(...(rows.length ? rows : [el("li", { class: "muted", text: "No reps." })]));
}

async function loadSequencePerformance() {
  const sequences = await api("/api/analytics/sequences");
  const rows = [];
  const cells = (c) => [c.sent, c.openRate, c.clickRate, c.replyRate, c.unsubscribeRate, c.conversionRate]
    .map((v, i) => el("td", { class: "num", text: i === 0 ? fmtInt(v) : fmtPct(v) }));
  for (const s of sequences) {
    rows.push(el("tr", { class: "seq-total", "data-testid": "seqperf-" + s.sequenceId }, el("td", { text: s.sequenceId }), cells(s.totals)));
    for (const step of s.steps) rows.push(el("tr", {}, el("td", { text: "  · " + step.stepId }), cells(step)));
  }
  $("seqperf").tBodies[0].replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 7, class: "empty", text: "No emails sent yet." }))]));
  if (typeof renderVariants === "function") renderVariants(sequences); // nurture.js: A/B variants side by side
}

const fmtSent = (at) => new Date(at).toISOString().replace("T", " ").slice(0, 16);

// A SendGrid template is rendered by SendGrid, so locally the outbox names the template and its data.
const emailTitle = (m) => (m.templateId ? "SendGrid template " + m.templateId : m.subject);

async function loadOutbox() {
  const mails = await api("/api/outbox?take=20");
  const rows = mails.map((m, i) => el("tr", { "data-testid": "outbox-row", "data-lead": m.leadId, title: "Click for this lead's timeline" },
    el("td", { class: "nowrap", text: fmtSent(m.sentAt) }), el("td", { text: m.to }),
    el("td", {}, el("button", { type: "button", class: "link", "data-email": i, text: emailTitle(m) }))));
  $("outbox").tBodies[0].replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 3, class: "empty", text: "Outbox is empty." }))]));
  $("outbox").tBodies[0].onclick = (event) => {
    const button = event.target.closest("button[data-email]");
    if (button) openEmail(mails[Number(button.dataset.email)]);
  };
}

function openEmail(m) {
  $("email-subject").textContent = emailTitle(m);
  const meta = [["To", m.to], ["Sent", fmtSent(m.sentAt) + " UTC"], ["Channel", m.channel], ["Step", m.stepKey], ["Variant", m.variantId]];
  $("email-meta").replaceChildren(...meta.filter(([, v]) => v).flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: v })]),
    el("dt", { text: "Unsubscribe" }),
    el("dd", {}, m.unsubscribeUrl ? el("a", { href: m.unsubscribeUrl, target: "_blank", rel: "noopener", "data-testid": "email-unsubscribe", text: m.unsubscribeUrl }) : "none (not a nurture email)"));
  const template = $("email-template");
  template.hidden = !m.templateId;
  template.replaceChildren(...(m.templateId ? [
    el("p", {}, "Rendered by SendGrid from template ", el("code", { text: m.templateId }), " with:"),
    el("table", {}, el("tbody", {}, Object.entries(m.templateData || {}).map(([k, v]) => el("tr", {}, el("th", { scope: "row", text: k }), el("td", { text: v }))))),
  ] : []));
  // The body is the email's own HTML: shown in a sandboxed frame (no scripts, no access to this page).
  const body = $("email-body");
  body.hidden = !!m.templateId || !(m.htmlBody || m.textBody);
  body.srcdoc = m.htmlBody || (m.textBody ? "<pre>" + m.textBody.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]) + "</pre>" : "");
  $("outbox-email").hidden = false;
  $("email-close").focus();
}

function describeStep(step) {
  if (step.type === "wait") {
    const span = ["businessDays", "days", "hours", "minutes"].find((k) => step[k] != null);
    return `wait ${span ? step[span] + " " + span : ""}`.trim();
  }
  return `${step.type} ${step.id}`;
}

async function loadSequences() {
  const docs = await api("/api/config/sequence");
  const items = docs.map((d) => {
    const doc = d.document;
    const edit = el("button", { type: "button", "data-testid": "edit-" + d.id, "aria-label": "Edit " + d.id, text: "Edit" });
    edit.addEventListener("click", () => {
      $("sequence-editor").value = JSON.stringify(doc, null, 2);
      $("sequence-editor").focus();
    });
    return el("li", { "data-testid": "sequence-" + d.id },
      el("strong", { text: doc.name || d.id }), " ", el("span", { class: "muted", text: `${d.id} v${d.version}` }), edit,
      el("div", { class: "steps", text: (doc.steps || []).map(describeStep).join(" → ") }));
  });
  $("sequence-list").replaceChildren(...(items.length ? items : [el("li", { class: "muted", text: "No active sequences." })]));
  if (!$("sequence-editor").value && docs.length) $("sequence-editor").value = JSON.stringify(docs[0].document, null, 2);
}

async function validateSequence(event) {
  event.preventDefault();
  const valid = $("sequence-valid");
  valid.textContent = "Validating…";
  valid.className = "muted";
  try {
    const result = await api("/api/config/sequence/validate", {
      method: "POST", headers: { "content-type": "application/json" }, body: $("sequence-editor").value,
    });
    valid.textContent = result.valid ? "Valid ✓" : `${result.errors.length} error(s)`;
    valid.className = result.valid ? "valid" : "muted";
    showErrors("sequence-errors", result.valid ? null : new ApiError(400, { errors: result.errors }));
  } catch (error) {
    valid.textContent = "";
    showErrors("sequence-errors", error);
  }
}

// ---- reverse funnel ---------------------------------------------------------------------------

async function planReverse(event) {
  event.preventDefault();
  const params = filters();
  params.set("target", $("reverse-target").value.trim());
  const avgDeal = $("reverse-avgdeal").value.trim();
  if (avgDeal) params.set("avgDeal", avgDeal);
  showErrors("reverse-errors", null);
  const body = $("reverse-result").tBodies[0];
  try {
    const plan = await api("/api/funnel/reverse?" + params.toString());
    $("reverse-summary").textContent =
      `${fmtInt(plan.dealsNeeded)} deal(s) of ${fmtMoney(plan.averageDealSize)} reach ${fmtMoney(plan.revenueTarget)}: ${fmtInt(plan.leadsNeeded)} new lead(s) needed.`;
    body.replaceChildren(...plan.stages.map((s) => el("tr", { "data-testid": "plan-" + s.stageId, "data-leads": s.leadsNeeded },
      el("td", { text: s.stageId }), el("td", { class: "num", "data-testid": "plan-leads-" + s.stageId, text: String(s.leadsNeeded) }),
      el("td", { class: "num", text: fmtPct(s.conversionToNext) }))));
  } catch (error) {
    $("reverse-summary").textContent = "";
    body.replaceChildren();
    showErrors("reverse-errors", error);
  }
}

// ---- start ------------------------------------------------------------------------------------

async function loadPipelines() {
  const docs = await api("/api/config/pipeline");
  const select = $("pipeline");
  const wanted = new URL(window.location.href).searchParams.get("pipeline") || select.value;
  select.replaceChildren(...docs.map((d) => el("option", { value: d.id, text: d.document.name || d.id })));
  if (wanted && docs.some((d) => d.id === wanted)) select.value = wanted;
}

async function refreshAll() {
  setStatus("Loading…");
  const results = await Promise.allSettled([loadFunnel(), loadWorkload(), loadSequencePerformance(), loadOutbox()]);
  const failed = results.filter((r) => r.status === "rejected");
  if (failed.length) {
    setStatus(`Some panels failed to load: ${failed.map((f) => f.reason.message).join("; ")}`, true);
  } else {
    setStatus("Updated " + new Date().toLocaleTimeString("en-GB"));
  }
  document.body.dataset.loaded = String(Date.now()); // tests wait for this to change
}

async function start() {
  if (!takeKey()) {
    showKeyPanel("No function key: open the dashboard link printed by scripts/run.sh (/?key=…).");
    return;
  }
  try {
    await loadPipelines();
    await loadSequences();
  } catch (error) {
    setStatus("Could not load configuration: " + error.message, true);
    return;
  }
  await refreshAll();
}

document.addEventListener("DOMContentLoaded", () => {
  $("filters").addEventListener("submit", (event) => { event.preventDefault(); refreshAll(); });
  $("pipeline").addEventListener("change", () => refreshAll());
  $("reverse-form").addEventListener("submit", planReverse);
  $("sequence-form").addEventListener("submit", validateSequence);
  $("email-close").addEventListener("click", () => { $("outbox-email").hidden = true; });
  $("key-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $("key-input").value);
    $("key-panel").hidden = true;
    start();
  });
  start();
});
