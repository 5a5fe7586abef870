using FunnelAutomation.Application.Tests.Fakes;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.TestSupport;

namespace FunnelAutomation.Application.Tests;

/// <summary>Issue 15: <c>funnel.emails</c> by outcome as the journey executor carries out one lead's emails: sent,
/// deferred (held by the window or the cap) and suppressed (never mailed), each counted once. Measured per test
/// flow (<see cref="FlowMetrics"/>), so the counts are exact while other tests send in parallel.</summary>
public class JourneyEmailMetricsTests
{
    private const string Emails = "funnel.emails";

    private static SendEmail Email(string leadId, string step) =>
        new($"{leadId}:welcome-nurture-v1-1:{step}", leadId, "welcome-nurture-v1-1", "welcome-nurture", 1, step, null, new Dictionary<string, string>(), step, "<p>…</p>");

    [Fact]
    public async Task The_email_outcomes_are_counted_as_a_lead_is_mailed_held_and_then_suppressed()
    {
        using var metrics = new FlowMetrics();
        var app = await TestApp.CreateAsync();
        var (_, lead) = await app.Intake.ProcessAsync(TestApp.Form("s1", ("email", "li@example.cn"), ("firstName", "Li"), ("company", "Example"), ("country", "CN")), default);
        (long Sent, long Deferred, long Suppressed) Read() =>
            (metrics.Sum(Emails, "outcome", "sent"), metrics.Sum(Emails, "outcome", "deferred"), metrics.Sum(Emails, "outcome", "suppressed"));
        Assert.Equal((0, 0, 0), Read());

        await app.Executor.ExecuteAsync(Email(lead.Id, "welcome"), default);
        Assert.Equal((1, 0, 0), Read());

        await app.Executor.ExecuteAsync(Email(lead.Id, "welcome"), default); // a retried command: answered "sent before"
        Assert.Equal((1, 0, 0), Read());

        await app.Executor.ExecuteAsync(new EmailDeferred($"{lead.Id}:welcome-nurture-v1-1:benefits:deferred:1", lead.Id, "welcome-nurture-v1-1", "welcome-nurture", "benefits",
            app.Clock.GetUtcNow(), app.Clock.GetUtcNow().AddHours(14), "after the send window"), default);
        Assert.Equal((1, 1, 0), Read());

        await app.Stores.SuppressAsync("li@example.cn", "unsubscribed", default);
        await app.Executor.ExecuteAsync(Email(lead.Id, "benefits"), default);
        Assert.Equal((1, 1, 1), Read());
        Assert.Single(app.Stores.Sent, e => e.Categories.Contains("nurture")); // the suppressed one was not mailed
        Assert.Equal(3, metrics.Sum(Emails)); // no other outcome was counted on the way
    }
}
