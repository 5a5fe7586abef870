using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Host.Tests.Telemetry;

/// <summary>A Host whose spans and product metrics are captured (<see cref="CapturedTelemetry"/>).</summary>
public sealed class TelemetryHost : HostFixture
{
    public CapturedTelemetry Telemetry { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => Telemetry.AddTo(services);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Telemetry.Dispose();
    }
}

/// <summary>Issue 15: one lead's path is one trace, and the metrics move as it goes through.</summary>
public sealed class TelemetryTests(TelemetryHost host) : IClassFixture<TelemetryHost>
{
    // Two windowed emails in a row for one source: the second is held by the daily cap of one nurture email.
    private const string MeetingPrep = """
        { "kind": "sequence", "schemaVersion": 1, "id": "telemetry-meeting-prep", "name": "Meeting prep (telemetry test)",
          "enrollment": { "pipeline": "b2b-standard", "stageEntered": "initial-contact", "sources": ["telemetry-test"] },
          "steps": [ { "type": "email", "id": "agenda", "subject": "Your agenda", "body": "<p>Agenda</p>" },
                     { "type": "email", "id": "recap", "subject": "Your recap", "body": "<p>Recap</p>" } ] }
        """;

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private async Task<string> PostLeadAsync(string email, string? source = null)
    {
        var response = await Api.PostLeadAsync(host.Client, new { email, firstName = "Trace", company = "Spans AG", country = "DE", employees = 900, source });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await Api.LeadIdAsync(response);
    }

    private Task<Activity> SpanAsync(Func<Activity, bool> match, string what) =>
        HostFixture.Eventually(() => Task.FromResult(host.Telemetry.Spans.Snapshot().FirstOrDefault(match)), s => s is not null, what, seconds: 90)!;

    [Fact]
    public async Task One_trace_spans_the_request_the_intake_handler_and_the_welcome_email_activity()
    {
        var id = await PostLeadAsync($"one.trace.{Guid.NewGuid():N}@spans.test");

        var welcome = await SpanAsync(s => s.DisplayName == "journey SendEmail" && Tag(s, "funnel.lead_id") == id && Tag(s, "funnel.step_id") == "welcome", "the welcome email's span");

        var trace = host.Telemetry.Spans.Snapshot().Where(s => s.TraceId == welcome.TraceId).ToList();
        var request = Assert.Single(trace, s => s.Kind == ActivityKind.Server && Tag(s, "url.path") == "/api/leads");
        Assert.Equal("POST", Tag(request, "http.request.method"));
        var intake = Assert.Single(trace, s => s.DisplayName == "lead intake");
        Assert.Equal(id, Tag(intake, "funnel.lead_id"));
        Assert.Contains(trace, s => s.Kind == ActivityKind.Consumer && s.DisplayName.EndsWith("leads-intake process", StringComparison.Ordinal));

        // Not only the same trace id: each hop is the child of the one before, back to the HTTP request.
        var byId = trace.ToDictionary(s => s.SpanId);
        var chain = new List<string>();
        for (var span = welcome; span is not null; span = byId.GetValueOrDefault(span.ParentSpanId))
        {
            chain.Add(span.DisplayName);
        }

        Assert.Contains(request.DisplayName, chain);
        Assert.True(chain.IndexOf("journey decision") < chain.IndexOf("lead intake") && chain.IndexOf("lead intake") < chain.IndexOf(request.DisplayName),
            "chain from the welcome up: " + string.Join(" <- ", chain));
    }

    [Fact]
    public async Task The_metrics_move_as_a_lead_goes_through()
    {
        var t = host.Telemetry;
        (double Accepted, double Created, double Sent, double Deferred, double Steps, double Rejected, double Bots) Read() => (
            t.Sum("funnel.leads.accepted"), t.Sum("funnel.leads.processed", "outcome", "created"), t.Sum("funnel.emails", "outcome", "sent"),
            t.Sum("funnel.emails", "outcome", "deferred"), t.Sum("funnel.journey.steps", "command", "SendEmail"), t.Sum("funnel.leads.rejected"),
            t.Sum("funnel.leads.rejected", "stage", "honeypot"));
        Assert.True((await Api.PostRawAsync(host.Client, "/api/config/sequence", MeetingPrep)).IsSuccessStatusCode);
        var before = Read();

        var id = await PostLeadAsync($"metrics.{Guid.NewGuid():N}@meters.test", "telemetry-test");
        await SpanAsync(s => s.DisplayName == "journey SendEmail" && Tag(s, "funnel.lead_id") == id && Tag(s, "funnel.step_id") == "welcome", "the welcome");
        Assert.True((await host.Client.PostAsync($"/api/leads/{id}/actions", new StringContent("{\"type\":\"meeting_booked\"}", System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        await SpanAsync(s => s.DisplayName == "journey EmailDeferred" && Tag(s, "funnel.lead_id") == id, "the held recap");
        var invalid = await Api.PostLeadAsync(host.Client, new { email = "not an address" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var bot = await Api.PostLeadAsync(host.Client, new { email = $"bot.{Guid.NewGuid():N}@meters.test", website = "http://spam.example" });
        Assert.Equal(HttpStatusCode.Accepted, bot.StatusCode); // answered as accepted, so the bot learns nothing

        var after = Read();
        Assert.True(after.Accepted >= before.Accepted + 1, $"accepted {before.Accepted} -> {after.Accepted}");
        Assert.True(after.Created >= before.Created + 1, $"created {before.Created} -> {after.Created}");
        Assert.True(after.Sent >= before.Sent + 2, $"sent {before.Sent} -> {after.Sent} (welcome and agenda)");
        Assert.True(after.Deferred >= before.Deferred + 1, $"deferred {before.Deferred} -> {after.Deferred}");
        Assert.True(after.Steps >= before.Steps + 2, $"SendEmail steps {before.Steps} -> {after.Steps}");
        Assert.True(after.Rejected >= before.Rejected + 2, $"rejected {before.Rejected} -> {after.Rejected} (invalid and honeypot)");
        Assert.True(after.Bots >= before.Bots + 1, $"honeypot rejections {before.Bots} -> {after.Bots}");
    }

    [Fact]
    public async Task The_queue_gauges_report_depth_age_and_poison()
    {
        var intake = host.Storage.Names.Queue(Azure.Queues.QueueNames.LeadsIntake);
        var queue = new global::Azure.Storage.Queues.QueueClient(host.Azurite.ConnectionString, intake);
        await queue.SendMessageAsync("not base64 json {"); // the listener poisons it

        await HostFixture.Eventually(async () =>
        {
            host.Telemetry.CollectGauges();
            await Task.Yield();
            return host.Telemetry.Measurements.LastOrDefault(m => m.Instrument == "funnel.queue.poison_depth" && m.Tags.GetValueOrDefault("queue") == intake);
        }, m => m.Value >= 1, "the intake poison queue gauge to count the bad message", seconds: 60);
        Assert.True(host.Telemetry.Sum("funnel.queue.poisoned", "queue", intake) >= 1);
        Assert.Contains(host.Telemetry.Measurements, m => m.Instrument == "funnel.queue.depth" && m.Tags.GetValueOrDefault("queue") == intake);
        Assert.Contains(host.Telemetry.Measurements, m => m.Instrument == "funnel.queue.oldest_age" && m.Tags.GetValueOrDefault("queue") == intake);
        var status = (await host.Services.GetRequiredService<Azure.Queues.QueueHealthProbe>().ReadAsync(default)).Queues.Single(q => q.Name == intake);
        Assert.Contains(status.LastPoisonReasons, r => r.Reason.Contains("malformed message", StringComparison.Ordinal));
    }
}
