using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Replay;
using FunnelAutomation.Application.Tests.Fakes;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Configuration;

namespace FunnelAutomation.Application.Tests;

/// <summary>The replay service over the ports: history read from the lead and action stores, a candidate document
/// in place of the active one (never stored), and nothing written anywhere.</summary>
public class WhatIfReplayServiceTests
{
    private static async Task<(TestApp App, List<string> Ids)> AppWithHistoryAsync()
    {
        var app = await TestApp.CreateAsync();
        var ids = new List<string>();
        foreach (var (email, country) in new[] { ("a@contoso.de", "DE"), ("b@fabrikam.fr", "FR"), ("c@northwind.com", "US"), ("d@tailspin.de", "DE") })
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            var (_, lead) = await app.Intake.ProcessAsync(new(email, new Dictionary<string, string?> { ["email"] = email, ["firstName"] = "X", ["country"] = country, ["employees"] = "1200" }, app.Clock.GetUtcNow()), default);
            ids.Add(lead.Id);
        }

        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Actions.RecordAsync(ids[0], new CustomerAction("m1", CustomerActionTypes.MeetingBooked, app.Clock.GetUtcNow()), default);
        app.Clock.Advance(TimeSpan.FromDays(10));
        return (app, ids);
    }

    private static async Task<string> StateAsync(TestApp app, IEnumerable<string> ids)
    {
        var leads = new List<object?>();
        foreach (var id in ids)
        {
            leads.Add(await ((ILeadStore)app.Stores).GetAsync(id, default));
            leads.Add(await ((IActionStore)app.Stores).ListAsync(id, default));
        }

        var docs = new List<object>();
        foreach (var kind in new[] { DocumentKinds.Pipeline, DocumentKinds.Scoring, DocumentKinds.Routing, DocumentKinds.Sequence })
        {
            docs.Add(await ((IConfigStore)app.Stores).ListAllVersionsAsync(kind, default));
        }

        return JsonSerializer.Serialize(new { leads, docs, routing = app.Stores.Routing, sent = app.Stores.Sent.Count, raised = app.Stores.Raised.Count, started = app.Stores.Started.Count });
    }

    [Fact]
    public async Task A_sequence_without_its_benefits_email_is_replayed_as_a_new_version_and_nothing_is_written()
    {
        var (app, ids) = await AppWithHistoryAsync();
        var active = (await app.Configuration.ListActiveAsync(DocumentKinds.Sequence, default)).Single(d => d.Id == "welcome-nurture");
        var changed = JsonNode.Parse(active.Json, documentOptions: new() { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        var steps = changed["steps"]!.AsArray();
        steps.Remove(steps.First(s => (string?)s!["id"] == "product-benefits"));
        var before = await StateAsync(app, ids);
        var service = new WhatIfReplayService(app.Configuration, app.Stores, app.Stores, app.Clock);

        var result = await service.ReplayAsync(new WhatIfReplayRequest(DocumentKinds.Sequence, changed.ToJsonString(), null, null), default);

        Assert.True(result.IsSuccess, string.Join("; ", result.Errors));
        var report = result.Value;
        Assert.Equal(ids.Count, report.Leads);
        var benefits = report.Emails.Single(e => e.StepId == "product-benefits");
        // The lead who booked a meeting left the sequence before it; the other three were ten days in.
        Assert.Equal((3, 0, 3), (benefits.Baseline, benefits.Candidate, benefits.WouldNotBeSent));
        Assert.Equal(0, report.Owners.Changed);
        Assert.Equal(before, await StateAsync(app, ids));
    }

    [Fact]
    public async Task An_invalid_document_and_a_window_ending_before_it_starts_are_errors_by_path()
    {
        var (app, _) = await AppWithHistoryAsync();
        var service = new WhatIfReplayService(app.Configuration, app.Stores, app.Stores, app.Clock);

        var result = await service.ReplayAsync(new WhatIfReplayRequest(DocumentKinds.Pipeline, """{ "kind": "pipeline", "schemaVersion": 1, "id": "p", "name": "P", "stages": [] }""",
            app.Clock.GetUtcNow(), app.Clock.GetUtcNow().AddDays(-1)), default);

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Errors, e => e.Path.StartsWith("$.document.stages", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == "$.to");
        var kind = await service.ReplayAsync(new WhatIfReplayRequest("colours", "{}", null, null), default);
        Assert.Equal(["kind"], kind.Errors.Select(e => e.Path));
    }
}
