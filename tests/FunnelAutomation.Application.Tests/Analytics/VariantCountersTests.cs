using FunnelAutomation.Application.Email;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Tests.Fakes;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Application.Tests.Analytics;

/// <summary>An A/B-tested step through the use cases: the journey's emails carry their variant to the sender, the
/// provider's events and the conversions count on it, the report shows the variants side by side, and the winner
/// rule switches later traffic once, recorded with its reason.</summary>
public class VariantCountersTests
{
    private const string AbSequence = """
        { "kind": "sequence", "schemaVersion": 1, "id": "ab-welcome", "name": "A/B welcome",
          "enrollment": { "pipeline": "b2b-standard", "stageEntered": "prospect" },
          "steps": [
            { "type": "email", "id": "welcome", "timing": "immediate",
              "variants": [
                { "id": "plain", "subject": "Welcome, {{firstName}}", "body": "<p>Plain</p>" },
                { "id": "story", "subject": "How Contoso grew, {{firstName}}", "body": "<p>Story</p>" } ],
              "winner": { "metric": "click", "minSendsPerVariant": 20, "test": "twoProportionZ", "confidence": 0.95 } }
          ] }
        """;

    private static async Task<TestApp> AppWithAbSequenceAsync()
    {
        var app = await TestApp.CreateAsync();
        var activated = await app.Configuration.ActivateAsync("sequence", AbSequence, CancellationToken.None);
        Assert.True(activated.IsSuccess, string.Join("; ", activated.Errors));
        return app;
    }

    /// <summary>A lead signs up; its journey starts and the executor carries out the welcome.</summary>
    private static async Task<(Lead Lead, SendEmail Command)> SignUpAsync(TestApp app, int i)
    {
        var (_, lead) = await app.Intake.ProcessAsync(TestApp.Form($"s{i}", ("email", $"buyer{i}@contoso{i}.example"), ("firstName", "Kim"), ("country", "DE")), default);
        var config = await app.Configuration.GetAsync(default);
        var decision = JourneyDecider.Decide(config.JourneyContext(lead.PipelineId!), null, JourneyStarts.For(lead, app.Clock.GetUtcNow()));
        var send = Assert.Single(decision.Commands.OfType<SendEmail>());
        await app.Executor.ExecuteAsync(send, default);
        return (lead, send);
    }

    private static EmailEvent Event(TestApp app, Ports.OutgoingEmail email, string type, int n) => new()
    {
        EventId = $"ev-{type}-{n}",
        Event = type,
        Email = email.To,
        OccurredAt = app.Clock.GetUtcNow(),
        LeadId = email.CustomArgs["leadId"],
        Data = email.CustomArgs,
    };

    [Fact]
    public async Task Sends_clicks_and_conversions_count_per_variant_and_the_report_shows_them_side_by_side()
    {
        var app = await AppWithAbSequenceAsync();
        var events = new EmailEventService(app.Actions, app.Stores, app.Stores, app.Clock, app.Analytics);
        var leads = new List<Lead>();
        for (var i = 0; i < 16; i++)
        {
            leads.Add((await SignUpAsync(app, i)).Lead);
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var mails = app.Stores.Sent.Where(e => e.Categories.Contains("ab-welcome")).ToList();
        Assert.Equal(16, mails.Count);
        var byVariant = mails.GroupBy(m => m.CustomArgs["variantId"]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["plain", "story"], byVariant.Keys.Order());
        Assert.All(byVariant["story"], m => Assert.StartsWith("How Contoso grew, Kim", m.Subject, StringComparison.Ordinal));
        // Every story email is clicked (and opened); one plain email is opened. A redelivered event counts once.
        var n = 0;
        foreach (var mail in byVariant["story"])
        {
            await events.HandleAsync([Event(app, mail, "open", ++n), Event(app, mail, "click", ++n), Event(app, mail, "click", n)], default);
        }

        await events.HandleAsync([Event(app, byVariant["plain"][0], "open", ++n)], default);
        // A plain lead moves on a stage: the conversion counts on "plain".
        var converted = leads.Single(l => l.Id == byVariant["plain"][0].CustomArgs["leadId"]);
        var config = await app.Configuration.GetAsync(default);
        var pipeline = config.Pipeline(converted.PipelineId);
        var progress = PipelineRules.Advance(pipeline, PipelineProgress.Of(converted)!, pipeline.Stages[1].Id, app.Clock.GetUtcNow(), "rep").Progress;
        var moved = converted with { Stage = progress.Stage, History = progress.History, UpdatedAt = app.Clock.GetUtcNow() };
        await app.Analytics.RecordLeadChangeAsync(converted, moved);

        var report = Assert.Single(await app.Analytics.GetSequencePerformanceAsync("ab-welcome"));

        var step = Assert.Single(report.Variants);
        Assert.Equal(["plain", "story"], step.Variants.Select(v => v.VariantId)); // the definition's order
        var plain = step.Variants[0];
        var story = step.Variants[1];
        Assert.Equal(byVariant["plain"].Count, plain.Sent);
        Assert.Equal(byVariant["story"].Count, story.Sent);
        Assert.Equal((1L, 0L, 1L), (plain.Opened, plain.Clicked, plain.Conversions));
        Assert.Equal((story.Sent, story.Sent, 0L), (story.Opened, story.Clicked, story.Conversions));
        Assert.Equal(1.0, story.ClickRate);
        Assert.Null(step.Winner); // 16 sends: below the 20 per variant the rule asks for
        Assert.Equal(16, report.Steps.Single().Sent);
        Assert.Equal(story.Clicked, report.Steps.Single().Clicked);
    }

    [Fact]
    public async Task The_winner_takes_later_traffic_once_the_rule_is_met_and_the_switch_is_recorded_once_with_its_reason()
    {
        var app = await AppWithAbSequenceAsync();
        var events = new EmailEventService(app.Actions, app.Stores, app.Stores, app.Clock, app.Analytics);
        var chosen = new List<(SendEmail Command, string Sent)>();
        var n = 0;
        for (var i = 0; i < 70; i++)
        {
            var (_, command) = await SignUpAsync(app, i);
            var mail = app.Stores.Sent.Last(e => e.Categories.Contains("ab-welcome"));
            chosen.Add((command, mail.CustomArgs["variantId"]));
            if (mail.CustomArgs["variantId"] == "story" || i % 10 == 0)
            {
                await events.HandleAsync([Event(app, mail, "click", ++n)], default); // story: all click; plain: one in ten
            }

            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var report = Assert.Single(await app.Analytics.GetSequencePerformanceAsync("ab-welcome"));
        var winner = Assert.Single(report.Variants).Winner;
        Assert.NotNull(winner);
        Assert.Equal("story", winner.WinnerVariantId);
        Assert.Equal(VariantMetric.Click, winner.Metric);
        Assert.All(winner.Variants, v => Assert.True(v.Sent >= 20));
        Assert.True(winner.P < 0.05, winner.Reason);
        // Before the switch each lead got its hashed variant; from the switch on, every lead got the winner, and
        // leads hashed to "plain" were overridden (same key: still one email for the step).
        var switchedAt = chosen.FindIndex(c => c.Command.VariantId == "plain" && c.Sent == "story");
        Assert.True(switchedAt > 0, "some lead hashed to plain after the switch got the story");
        Assert.All(chosen.Skip(switchedAt), c => Assert.Equal("story", c.Sent));
        Assert.All(chosen.Take(switchedAt), c => Assert.Equal(c.Command.VariantId, c.Sent));
        // Decided once: asking again (as every later send did) returns the stored switch, not a new decision.
        var step = (EmailStep)(await app.Configuration.GetAsync(default)).Sequences.Active.Single(s => s.Id == "ab-welcome").Steps[0];
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(winner, await app.Analytics.WinnerAsync("ab-welcome", step));
    }

    [Fact]
    public async Task A_reply_counts_once_on_the_variant_of_the_email_it_answers()
    {
        var app = await AppWithAbSequenceAsync();
        var sent = new List<(Lead Lead, string Variant)>();
        for (var i = 0; i < 6; i++)
        {
            var (lead, _) = await SignUpAsync(app, i);
            sent.Add((lead, app.Stores.Sent.Last(e => e.Categories.Contains("ab-welcome")).CustomArgs["variantId"]));
        }

        var (replier, variant) = sent[0];
        app.Clock.Advance(TimeSpan.FromHours(2));
        var at = app.Clock.GetUtcNow();
        await app.Actions.RecordAsync(replier.Id, new Core.Actions.CustomerAction("crm-reply-1", Core.Actions.CustomerActionTypes.Replied, at), default);
        await app.Actions.RecordAsync(replier.Id, new Core.Actions.CustomerAction("crm-reply-1", Core.Actions.CustomerActionTypes.Replied, at), default); // redelivered
        await app.Actions.RecordAsync(replier.Id, new Core.Actions.CustomerAction("crm-reply-2", Core.Actions.CustomerActionTypes.Replied, at.AddMinutes(5)), default); // a second reply to the same email

        var step = Assert.Single(Assert.Single(await app.Analytics.GetSequencePerformanceAsync("ab-welcome")).Variants);
        Assert.Equal(1, step.Variants.Single(v => v.VariantId == variant).Replied);
        Assert.Equal(0, step.Variants.Single(v => v.VariantId != variant).Replied);
        Assert.Equal(1, Assert.Single((await app.Analytics.GetSequencePerformanceAsync("ab-welcome"))).Steps.Single().Replied);
    }
}
