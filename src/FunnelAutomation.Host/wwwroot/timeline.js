// The lead timeline: click a lead (stalled list, a rep's leads from the workload panel, an outbox row) to see
// everything that happened to it, in order. Uses api() and el() from app.js; adds its own panel.
"use strict";

const timelineTime = (at) => new Date(at).toISOString().replace("T", " ").slice(0, 16) + " UTC";

function timelinePanel() {
  let panel = document.getElementById("timeline-panel");
  if (panel) return panel;
  panel = el("section", { id: "timeline-panel", class: "panel", hidden: true, "aria-labelledby": "timeline-title", "data-testid": "timeline-panel" },
    el("header", { class: "email-head" },
      el("h2", { id: "timeline-title", "data-testid": "timeline-title", text: "Lead timeline" }),
      el("button", { type: "button", id: "timeline-close", class: "secondary", text: "Close" })),
    el("p", { id: "timeline-summary", class: "muted", "data-testid": "timeline-summary" }),
    el("ul", { id: "timeline-leads", class: "timeline-leads", "data-testid": "timeline-leads" }),
    el("ol", { id: "timeline", class: "timeline", "data-testid": "timeline" }));
  const stalled = document.getElementById("stalled");
  (stalled ? stalled.closest("section") : document.getElementById("app")).after(panel);
  document.getElementById("timeline-close").addEventListener("click", () => { panel.hidden = true; });
  return panel;
}

function timelineEntry(e) {
  const label = e.outcome ? `${e.kind} · ${e.outcome}` : e.kind;
  return el("li", { class: "timeline-entry kind-" + e.kind, "data-testid": "timeline-entry", "data-kind": e.kind, "data-outcome": e.outcome },
    el("time", { datetime: e.at, text: timelineTime(e.at) }), " ",
    el("span", { class: "badge", text: label }), " ",
    el("span", { class: "timeline-summary", text: e.summary }),
    e.details && e.details.length ? el("ul", { class: "timeline-details" }, e.details.map((d) => el("li", { text: d }))) : null);
}

async function openTimeline(leadId) {
  const panel = timelinePanel();
  panel.hidden = false;
  document.getElementById("timeline-leads").replaceChildren();
  document.getElementById("timeline-title").textContent = "Lead timeline: " + leadId;
  document.getElementById("timeline-summary").textContent = "Loading…";
  document.getElementById("timeline").replaceChildren();
  try {
    const view = await api(`/api/leads/${encodeURIComponent(leadId)}/timeline`);
    document.getElementById("timeline-summary").textContent =
      `Owner ${view.owner || "none"} · stage ${view.stage || "–"} · ${view.entries.length} entries, oldest first`;
    document.getElementById("timeline").replaceChildren(...view.entries.map(timelineEntry));
  } catch (error) {
    document.getElementById("timeline-summary").textContent = "Could not load the timeline: " + error.message;
  }
  document.getElementById("timeline-close").focus();
}

// A rep's leads (from the workload panel): pick one to see its timeline.
async function openRepLeads(repId) {
  const panel = timelinePanel();
  panel.hidden = false;
  document.getElementById("timeline-title").textContent = "Leads of rep " + repId;
  document.getElementById("timeline").replaceChildren();
  document.getElementById("timeline-summary").textContent = "Loading…";
  try {
    const leads = await api(`/api/reps/${encodeURIComponent(repId)}/leads`);
    document.getElementById("timeline-summary").replaceChildren(leads.length ? "Pick a lead to see its timeline. " : "No open leads. ",
      el("button", { type: "button", class: "secondary", "data-rep-link": repId, "data-testid": "rep-link", text: "Link for this rep" }));
    document.getElementById("timeline-leads").replaceChildren(...leads.map((l) =>
      el("li", {}, el("button", { type: "button", class: "link", "data-lead": l.id, text: `${l.id} (${l.stage || "–"})` }))));
  } catch (error) {
    document.getElementById("timeline-summary").textContent = "Could not load the rep's leads: " + error.message;
  }
}

// A signed link a manager can hand to the rep: their own leads and timelines, without the function key.
async function showRepLink(repId) {
  const summary = document.getElementById("timeline-summary");
  try {
    const link = await api(`/api/reps/${encodeURIComponent(repId)}/link`, { method: "POST" });
    summary.replaceChildren("Link for rep " + repId + " (valid until " + timelineTime(link.expiresAt) + "): ",
      el("input", { type: "text", readonly: true, value: link.url, "aria-label": "Rep link", "data-testid": "rep-link-url", size: 60 }));
  } catch (error) {
    summary.textContent = "Could not make the link: " + error.message;
  }
}

document.addEventListener("click", (event) => {
  if (event.target.closest("button[data-email]")) return; // the outbox's subject opens the email itself
  const repLink = event.target.closest("button[data-rep-link]");
  if (repLink) {
    showRepLink(repLink.dataset.repLink);
    return;
  }
  const lead = event.target.closest("[data-lead]");
  if (lead) {
    openTimeline(lead.dataset.lead);
    return;
  }
  const rep = event.target.closest("#workload li[data-testid^='rep-']");
  if (rep) openRepLeads(rep.dataset.testid.slice("rep-".length));
});
