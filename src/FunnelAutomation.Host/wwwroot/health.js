// The health panel: what /api/health says is degraded, the queues' depths, oldest message ages and poison counts,
// and the last errors (poison reasons, shown with the function key). Uses api() and el() from app.js.
"use strict";

const healthAge = (s) => (s == null ? "empty" : s < 90 ? Math.round(s) + " s" : s < 5400 ? Math.round(s / 60) + " min" : Math.round(s / 3600) + " h");

function healthPanel() {
  let panel = document.getElementById("health-panel");
  if (panel) return panel;
  panel = el("section", { id: "health-panel", class: "panel", "aria-labelledby": "health-title", "data-testid": "health-panel" },
    el("h2", { id: "health-title" }, "Health ", el("span", { id: "health-status", class: "badge", "data-testid": "health-status", text: "…" })),
    el("ul", { id: "health-checks", class: "health-checks", "data-testid": "health-checks" }),
    el("table", { id: "health-queues", "data-testid": "health-queues" },
      el("caption", { class: "visually-hidden", text: "Queues" }),
      el("thead", {}, el("tr", {}, ["Queue", "Waiting", "Oldest", "Poison"].map((h, i) => el("th", { scope: "col", class: i ? "num" : null, text: h })))),
      el("tbody")),
    el("ul", { id: "health-errors", class: "errors", "data-testid": "health-errors" }));
  const main = document.getElementById("app");
  main.insertBefore(panel, main.children[1] || null);
  return panel;
}

async function loadHealth() {
  healthPanel();
  let report;
  try {
    report = await api("/api/health");
  } catch (error) {
    report = (error.problem && error.problem.checks) ? error.problem : { status: "unhealthy", checks: [{ name: "api", status: "unhealthy", description: error.message }], queues: [] };
  }
  const status = document.getElementById("health-status");
  status.textContent = report.status;
  status.className = "badge health-" + report.status;
  document.getElementById("health-checks").replaceChildren(...report.checks.filter((c) => c.status !== "ok").map((c) =>
    el("li", { "data-check": c.name, class: "health-" + c.status, text: `${c.status}: ${c.description}` })));
  document.getElementById("health-queues").tBodies[0].replaceChildren(...report.queues.map((q) =>
    el("tr", { "data-queue": q.queue }, el("td", { text: q.queue }), el("td", { class: "num", text: String(q.depth) }),
      el("td", { class: "num", text: healthAge(q.oldestAgeSeconds) }), el("td", { class: "num" + (q.poisonDepth ? " health-degraded" : ""), text: String(q.poisonDepth) }))));
  const errors = report.queues.flatMap((q) => (q.lastErrors || []).map((e) => ({ queue: q.queue, ...e })));
  document.getElementById("health-errors").replaceChildren(...errors.map((e) =>
    el("li", { text: `${e.queue}${e.at ? " at " + new Date(e.at).toISOString().replace("T", " ").slice(0, 16) + " UTC" : ""}: ${e.reason}` })));
}

document.addEventListener("DOMContentLoaded", () => {
  loadHealth();
  document.getElementById("filters").addEventListener("submit", () => loadHealth());
});
