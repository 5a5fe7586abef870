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
    public async Task An_unconfirmed_email_a_click_and_a_bounce_appear_in_order_with_their_summaries()
    {
        var (app, lead) = await AppWithLead();
        var events = new Email.EmailEventService(app.Actions, app.Stores, app.Stores, app.Clock, app.Analytics);
        await app.Executor.ExecuteAsync(Email(lead.Id, "welcome"), default);
        var welcome = app.Stores.Sent.Single();
        var sentAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        // SendGrid's events for the welcome, as its webhook delivers them (custom args echoed back).
        await events.HandleAsync([new Email.EmailEvent
        {
            EventId = "ev-click-1", Event = "click", Email = welcome.To, OccurredAt = app.Clock.GetUtcNow(), LeadId = lead.Id,
            Url = "https://example.com/pricing", Data = welcome.CustomArgs,
        }], default);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        // The next step's attempt stopped between handing the email over and recording it (the sender logs it unconfirmed).
        var unconfirmedAt = app.Clock.GetUtcNow();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await events.HandleAsync([new Email.EmailEvent
        {
            EventId = "ev-bounce-1", Event = "bounce", Email = welcome.To, OccurredAt = app.Clock.GetUtcNow(), LeadId = lead.Id,
            Reason = "550 5.1.1 mailbox unknown", BounceType = "bounce",
            Data = new Dictionary<string, string>(welcome.CustomArgs) { ["stepId"] = "benefits" },
        }], default);
        TimelineEmail[] sent =
        [
            new(welcome.IdempotencyKey, "welcome", sentAt, ToLead: true, Unconfirmed: false),
            new($"{lead.Id}:welcome-nurture-v1-1:benefits", "benefits", unconfirmedAt, ToLead: true, Unconfirmed: true),
        ];

        var emails = (await TimelineAsync(app, lead.Id, sent)).Where(e => e.Kind == LeadEventKinds.Email).ToList();

        Assert.Equal(["sent", "clicked", "unconfirmed", "bounced"], emails.Select(e => e.Outcome));
        Assert.Equal(
            [
                "email welcome sent: welcome",
                "email welcome clicked: https://example.com/pricing",
                "email benefits: not known whether it left (an attempt stopped mid-send; not sent again)",
                "email benefits bounced: 550 5.1.1 mailbox unknown",
            ],
            emails.Select(e => e.Summary));
        Assert.Equal(["welcome", "welcome", "benefits", "benefits"], emails.Select(e => e.Data["stepId"]));
        Assert.True(await app.Stores.IsSuppressedAsync("li@example.cn", default)); // the bounce also stopped later emails
    }

    [Fact]
    public async Task A_reactivation_appears_after_the_loss_as_the_win_back_enrollment_and_the_reopen()
    {
        var (app, lead) = await AppWithLead();
        app.Clock.Advance(TimeSpan.FromHours(1));
        await app.Executor.ExecuteAsync(new MarkLost($"{lead.Id}:lost:1", lead.Id, "competitor", app.Clock.GetUtcNow()), default);
        app.Clock.Advance(TimeSpan.FromDays(90));
        var winBack = (await app.Configuration.GetAsync(default)).Sequences.Active.Single(s => s.Id == "win-back");
        Assert.True(winBack.IsWinBack);
        await app.Executor.ExecuteAsync(new Enroll($"{lead.Id}:enroll:win-back", lead.Id, "enr-wb-1", winBack.Id, winBack.Version), default);
        app.Clock.Advance(TimeSpan.FromDays(2));
        await app.Executor.ExecuteAsync(new ReopenLead($"{lead.Id}:reopen:1", lead.Id, app.Clock.GetUtcNow()), default);

        var timeline = await TimelineAsync(app, lead.Id);

        var tail = timeline.SkipWhile(e => !(e.Kind == LeadEventKinds.Stage && e.Summary.Contains("to lost", StringComparison.Ordinal))).ToList();
        Assert.Equal(
            [
                (LeadEventKinds.Stage, "moved from prospect to lost (customer)"),
                (LeadEventKinds.Reactivated, $"reactivation: enrolled in win-back sequence win-back v{winBack.Version}"),
                (LeadEventKinds.Reactivated, "reopened at prospect by reactivation"),
            ],
            tail.Select(e => (e.Kind, e.Summary)));
        Assert.Equal(winBack.Id, tail[1].Data["sequenceId"]);
        Assert.True(tail[0].At < tail[1].At && tail[1].At < tail[2].At);
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
