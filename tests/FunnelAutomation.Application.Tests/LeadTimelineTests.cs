using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Tests.Fakes;
using FunnelAutomation.Application.Timeline;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Tests;

/// <summary>The lead timeline from what the use cases record: capture, score and routing at intake, the journey's
/// held, sent and suppressed emails, reassignments and the customer's actions, in the order they happened.</summary>
public class LeadTimelineTests
{
    private static async Task<(TestApp App, Lead Lead)> AppWithLead()
    {
        var app = await TestApp.CreateAsync();
        var (_, lead) = await app.Intake.ProcessAsync(TestApp.Form("s1", ("email", "li@example.cn"), ("firstName", "Li"), ("company", "Example"), ("country", "CN")), default);
        return (app, lead);
    }

    private static async Task<IReadOnlyList<LeadTimelineEntry>> TimelineAsync(TestApp app, string leadId, IReadOnlyList<TimelineEmail>? sent = null)
    {
        var lead = (await app.Stores.GetAsync(leadId, default))!;
        var actions = await ((IActionStore)app.Stores).ListAsync(leadId, default);
        var events = await ((ILeadEventLog)app.Stores).ListAsync(leadId, default);
        return LeadTimeline.Build(lead, actions, sent ?? [], events);
    }

    private static SendEmail Email(string leadId, string step) =>
        new($"{leadId}:welcome-nurture-v1-1:{step}", leadId, "welcome-nurture-v1-1", "welcome-nurture", 1, step, null, new Dictionary<string, string>(), step, "<p>…</p>");

    [Fact]
    public async Task Intake_records_capture_score_and_routing_with_their_reasons_first()
    {
        var (app, lead) = await AppWithLead();

        var timeline = await TimelineAsync(app, lead.Id);

        Assert.Equal([LeadEventKinds.Captured, LeadEventKinds.Scored, LeadEventKinds.Routed, LeadEventKinds.Stage], timeline.Select(e => e.Kind));
        Assert.Equal("captured from website", timeline[0].Summary);
        Assert.Equal(lead.Score!.Breakdown.Count, timeline[1].Details.Count);
        Assert.Contains(lead.Score.Breakdown[0].Reason, timeline[1].Details[0], StringComparison.Ordinal);
        Assert.Equal(lead.RoutingExplanation, timeline[2].Details);
        Assert.NotEmpty(timeline[2].Details);
    }

    [Fact]
    public async Task Every_email_outcome_appears_in_order_with_a_deferral_saying_until_when_and_why()
    {
        var (app, lead) = await AppWithLead();
        await app.Executor.ExecuteAsync(Email(lead.Id, "welcome"), default);
        TimelineEmail[] sent = [new(app.Stores.Sent.Single().IdempotencyKey, "welcome", app.Clock.GetUtcNow(), ToLead: true, Unconfirmed: false)];
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.Actions.RecordAsync(lead.Id, new CustomerAction("sg:1", CustomerActionTypes.EmailOpened, app.Clock.GetUtcNow())
        {
            Data = new Dictionary<string, string> { ["stepId"] = "welcome", ["sequenceId"] = "welcome-nurture" },
        }, default);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var until = app.Clock.GetUtcNow().AddHours(14);
        var deferral = new EmailDeferred($"{lead.Id}:welcome-nurture-v1-1:benefits:deferred:1", lead.Id, "welcome-nurture-v1-1", "welcome-nurture", "benefits",
            app.Clock.GetUtcNow(), until, "after the send window (09:00–17:00 Asia/Shanghai)");
        await app.Executor.ExecuteAsync(deferral, default);
        await app.Executor.ExecuteAsync(deferral, default); // a retried activity records it once
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.Stores.SuppressAsync("li@example.cn", "unsubscribed", default);
        await app.Executor.ExecuteAsync(Email(lead.Id, "benefits"), default);

        Assert.Single(app.Stores.Sent); // the suppressed one was not mailed
        var emails = (await TimelineAsync(app, lead.Id, sent)).Where(e => e.Kind == LeadEventKinds.Email && e.Outcome != null && !e.Summary.StartsWith("notice", StringComparison.Ordinal)).ToList();

        Assert.Equal(["sent", "opened", "deferred", "suppressed"], emails.Select(e => e.Outcome));
        var deferred = emails[2];
        Assert.Equal("benefits", deferred.Data["stepId"]);
        Assert.Equal("after the send window (09:00–17:00 Asia/Shanghai)", deferred.Data["reason"]);
        Assert.Equal(until, DateTimeOffset.Parse(deferred.Data["until"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("deferred until", deferred.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reassignment_is_recorded_with_its_reasons_after_the_first_routing()
    {
        var (app, lead) = await AppWithLead();
        app.Clock.Advance(TimeSpan.FromHours(5));

        await app.Executor.ExecuteAsync(new Reassign($"{lead.Id}:assign:1:reassign", lead.Id, null, [lead.OwnerRepId!], $"rep {lead.OwnerRepId} missed the 4 hours SLA"), default);

        var timeline = await TimelineAsync(app, lead.Id);
        var routed = timeline.Single(e => e.Kind == LeadEventKinds.Routed);
        var reassigned = timeline.Single(e => e.Kind == LeadEventKinds.Reassigned);
        Assert.True(timeline.ToList().IndexOf(routed) < timeline.ToList().IndexOf(reassigned));
        Assert.Equal($"rep {lead.OwnerRepId} missed the 4 hours SLA", reassigned.Details[0]);
        Assert.DoesNotContain(lead.OwnerRepId!, reassigned.Summary, StringComparison.Ordinal);
    }
}
