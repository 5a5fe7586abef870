// A rep's own page (my.html): the leads they own and each one's timeline, opened from the signed link in their
// notification email, without the function key. The token is kept for this tab and taken out of the address.
"use strict";

const REP_TOKEN_STORAGE = "funnelautomation.repToken";

function takeRepToken() {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get("token");
  if (fromUrl) {
    sessionStorage.setItem(REP_TOKEN_STORAGE, fromUrl);
    url.searchParams.delete("token"); // keep the link's secret out of history, bookmarks and screenshots
    history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(REP_TOKEN_STORAGE);
}

async function mine(path) {
  const response = await fetch(path, { headers: { "x-rep-token": sessionStorage.getItem(REP_TOKEN_STORAGE) || "" }, cache: "no-store" });
  const body = (response.headers.get("content-type") || "").includes("json") ? await response.json() : null;
  if (!response.ok) throw new Error((body && (body.detail || body.title)) || "HTTP " + response.status);
  return body;
}

function myStatus(text, isError = false) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.classList.toggle("error", isError);
}

const leadName = (l) => [l.profile.firstName, l.profile.lastName].filter(Boolean).join(" ") || l.id;

function leadRow(l) {
  return el("tr", { "data-testid": "my-lead-" + l.id },
    el("td", {}, el("button", { type: "button", class: "link", "data-my-lead": l.id, text: leadName(l) })),
    el("td", { text: l.profile.company || "–" }),
    el("td", { text: l.stage || "–" }),
    el("td", { text: (l.score && l.score.grade) || "–" }),
    el("td", { text: l.score ? String(l.score.total) : "–" }),
    el("td", { text: l.status || "–" }));
}

async function openMyTimeline(leadId) {
  const panel = document.getElementById("my-timeline-panel");
  panel.hidden = false;
  document.getElementById("my-timeline-title").textContent = "Lead timeline: " + leadId;
  document.getElementById("my-timeline-summary").textContent = "Loading…";
  document.getElementById("my-timeline").replaceChildren();
  try {
    const view = await mine(`/api/my/leads/${encodeURIComponent(leadId)}/timeline`);
    document.getElementById("my-timeline-summary").textContent = `Stage ${view.stage || "–"} · ${view.entries.length} entries, oldest first`;
    document.getElementById("my-timeline").replaceChildren(...view.entries.map(timelineEntry));
  } catch (error) {
    document.getElementById("my-timeline-summary").textContent = "Could not load the timeline: " + error.message;
  }
}

async function loadMyLeads() {
  if (!takeRepToken()) {
    myStatus("Open this page from the link in your notification email.", true);
    return;
  }
  try {
    const view = await mine("/api/my/leads");
    document.getElementById("my-title").textContent = "My leads: " + (view.name || view.repId);
    document.getElementById("my-leads").replaceChildren(...view.leads.map(leadRow));
    myStatus(view.leads.length ? `${view.leads.length} leads. Pick one to see its timeline.` : "No leads yet.");
  } catch (error) {
    myStatus("Could not load your leads: " + error.message, true);
    return;
  }
  const fromLink = new URLSearchParams(window.location.hash.slice(1)).get("lead");
  if (fromLink) openMyTimeline(fromLink);
}

document.addEventListener("click", (event) => {
  const lead = event.target.closest("[data-my-lead]");
  if (lead) openMyTimeline(lead.dataset.myLead);
});

loadMyLeads();
