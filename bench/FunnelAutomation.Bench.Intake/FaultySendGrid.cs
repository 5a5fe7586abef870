using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Bench.Intake;

/// <summary>A local stand-in for api.sendgrid.com that misbehaves on a schedule: every 25th request gets 429
/// (Retry-After: 1), every 40th a 500, and for <see cref="StartOutage"/>'s duration every request a 503.
/// It counts the emails it accepted (2xx) per idempotency key, which is what "nobody mailed twice" is
/// checked against: the dev outbox collapses repeats by key, a real provider does not.</summary>
internal sealed class FaultySendGrid : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _acceptedByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<string>> _stepsByLead = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private long _requests;
    private long _outageUntilTicks;
    private int _welcomed;

    private FaultySendGrid(WebApplication app) => _app = app;

    public string Host { get; private set; } = "";

    public IReadOnlyDictionary<string, int> AcceptedByKey => _acceptedByKey;

    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Leads with at least one accepted welcome email.</summary>
    public int WelcomedLeads => Volatile.Read(ref _welcomed);

    public static async Task<FaultySendGrid> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FaultySendGrid(app);
        app.MapPost("/v3/mail/send", server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        server.Host = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return server;
    }

    /// <summary>The nurture steps accepted for a lead (one entry per accepted request).</summary>
    public IReadOnlyCollection<string> StepsOf(string leadId) => _stepsByLead.TryGetValue(leadId, out var steps) ? steps : [];

    public bool HasWelcomed(string leadId) => StepsOf(leadId).Contains("welcome");

    public void StartOutage(TimeSpan duration) => Interlocked.Exchange(ref _outageUntilTicks, DateTime.UtcNow.Add(duration).Ticks);

    private async Task HandleAsync(HttpContext context)
    {
        var n = Interlocked.Increment(ref _requests);
        using var body = await JsonDocument.ParseAsync(context.Request.Body).ConfigureAwait(false);
        var status = DateTime.UtcNow.Ticks < Interlocked.Read(ref _outageUntilTicks) ? 503
            : n % 25 == 0 ? 429
            : n % 40 == 0 ? 500
            : 202;
        _statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
        context.Response.StatusCode = status;
        if (status == 429)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        if (status != 202)
        {
            await context.Response.WriteAsync("{\"errors\":[{\"message\":\"scheduled fault\"}]}").ConfigureAwait(false);
            return;
        }

        var args = body.RootElement.GetProperty("personalizations")[0].TryGetProperty("custom_args", out var a) ? a : body.RootElement.GetProperty("custom_args");
        var key = args.GetProperty("idempotencyKey").GetString()!;
        _acceptedByKey.AddOrUpdate(key, 1, (_, c) => c + 1);
        if (args.TryGetProperty("leadId", out var lead) && args.TryGetProperty("stepId", out var step))
        {
            var steps = _stepsByLead.GetOrAdd(lead.GetString()!, _ => []);
            lock (steps)
            {
                if (step.GetString() == "welcome" && !steps.Contains("welcome"))
                {
                    Interlocked.Increment(ref _welcomed);
                }

                steps.Add(step.GetString()!);
            }
        }

        context.Response.Headers["X-Message-Id"] = n.ToString(CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync().ConfigureAwait(false);
}
