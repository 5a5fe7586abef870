using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FunnelAutomation.TestSupport;

/// <summary>The one local stand-in for api.sendgrid.com (Kestrel on 127.0.0.1, a free port) that the tests and the
/// benches send real SendGrid client requests to. Each <c>POST /v3/mail/send</c> gets the status its answer plan
/// gives (202 with an <c>X-Message-Id</c> by default; 429 with Retry-After; errors with SendGrid's error body), or
/// 500 while <see cref="Down"/>, or 503 during an outage. It counts what it accepted by idempotency key and by lead
/// and step: "nobody mailed twice" is checked against it, since a real provider does not collapse repeats.</summary>
public sealed class SendGridStandIn : IAsyncDisposable
{
    private readonly Func<long, int> _answer;
    private readonly bool _keepRequests;
    private readonly int _retryAfterSeconds;
    private readonly TimeProvider _time = TimeProvider.System; // outages are wall-clock windows: the client retries on real time
    private readonly List<SendGridRequest> _requests = [];
    private readonly ConcurrentDictionary<string, int> _acceptedByKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Lead, string Step), int> _acceptedByStep = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _stepsByLead = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private WebApplication _app = null!;
    private long _requestCount;
    private long _outageUntilTicks;
    private int _welcomed;
    private volatile bool _down;

    private SendGridStandIn(Func<long, int>? answer, bool keepRequests, int retryAfterSeconds)
    {
        _answer = answer ?? (_ => StatusCodes.Status202Accepted);
        _keepRequests = keepRequests;
        _retryAfterSeconds = retryAfterSeconds;
    }

    /// <summary>"http://127.0.0.1:{port}" (for <c>SendGrid:Host</c> / SendGridClientOptions.Host).</summary>
    public string Host { get; private set; } = "";

    /// <summary>While true every request is refused with 500 (an outage switched by the test).</summary>
    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    /// <summary>Every request received, in order (empty when started with <c>keepRequests: false</c>).</summary>
    public IReadOnlyList<SendGridRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Requests answered with anything but 2xx.</summary>
    public int Refused => _statuses.Where(s => s.Key is < 200 or > 299).Sum(s => s.Value);

    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    /// <summary>Accepted emails per idempotency key (the <c>idempotencyKey</c> custom arg).</summary>
    public IReadOnlyDictionary<string, int> AcceptedByKey => _acceptedByKey;

    /// <summary>Leads with at least one accepted welcome email.</summary>
    public int WelcomedLeads => Volatile.Read(ref _welcomed);

    /// <summary>Accepted emails for a lead and step (a mail without a step, such as an owner notification, counts as "notification").</summary>
    public int AcceptedFor(string leadId, string stepId) => _acceptedByStep.GetValueOrDefault((leadId, stepId));

    /// <summary>The steps accepted for a lead, one entry per accepted request.</summary>
    public IReadOnlyCollection<string> StepsOf(string leadId) => _stepsByLead.TryGetValue(leadId, out var steps) ? steps : [];

    public bool HasWelcomed(string leadId) => StepsOf(leadId).Contains("welcome");

    /// <summary>Every request answers 503 for <paramref name="duration"/> from now.</summary>
    public void StartOutage(TimeSpan duration) => Interlocked.Exchange(ref _outageUntilTicks, _time.GetUtcNow().Add(duration).UtcTicks);

    /// <param name="answer">The status for the n-th request (1-based); 202 for all when null.</param>
    /// <param name="keepRequests">Keep every request's body for <see cref="Requests"/> (a long bench run may not want to).</param>
    /// <param name="retryAfterSeconds">The Retry-After a 429 carries.</param>
    public static async Task<SendGridStandIn> StartAsync(Func<long, int>? answer = null, bool keepRequests = true, int retryAfterSeconds = 0)
    {
        var server = new SendGridStandIn(answer, keepRequests, retryAfterSeconds);
        (server._app, server.Host) = await LoopbackServer.StartAsync(app => app.MapPost("/v3/mail/send", server.HandleAsync)).ConfigureAwait(false);
        return server;
    }

    /// <summary>An answer plan that gives these statuses to the first requests, then 202.</summary>
    public static Func<long, int> Scripted(params int[] statuses)
    {
        var script = new ConcurrentQueue<int>(statuses);
        return _ => script.TryDequeue(out var status) ? status : StatusCodes.Status202Accepted;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var n = Interlocked.Increment(ref _requestCount);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        if (_keepRequests)
        {
            lock (_requests)
            {
                _requests.Add(new SendGridRequest(body, context.Request.Headers.Authorization.ToString(), context.Request.ContentType));
            }
        }

        var status = Down ? StatusCodes.Status500InternalServerError
            : _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _outageUntilTicks) ? StatusCodes.Status503ServiceUnavailable
            : _answer(n);
        _statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
        context.Response.StatusCode = status;
        if (status is >= 200 and <= 299)
        {
            Count(body);
            context.Response.Headers["X-Message-Id"] = "local-msg-" + n.ToString(CultureInfo.InvariantCulture);
            return;
        }

        if (status == StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = _retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($$"""{"errors":[{"message":"stand-in answered {{status}}","field":null}]}""").ConfigureAwait(false);
    }

    private void Count(string body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var args = root.TryGetProperty("personalizations", out var p) && p.GetArrayLength() > 0 && p[0].TryGetProperty("custom_args", out var pa) ? pa
            : root.TryGetProperty("custom_args", out var ra) ? ra
            : default;
        if (args.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (args.TryGetProperty("idempotencyKey", out var key) && key.GetString() is { } k)
        {
            _acceptedByKey.AddOrUpdate(k, 1, (_, c) => c + 1);
        }

        if (!args.TryGetProperty("leadId", out var leadElement) || leadElement.GetString() is not { } lead)
        {
            return;
        }

        var step = args.TryGetProperty("stepId", out var s) && s.GetString() is { } id ? id : "notification";
        _acceptedByStep.AddOrUpdate((lead, step), 1, (_, c) => c + 1);
        var steps = _stepsByLead.GetOrAdd(lead, _ => new ConcurrentQueue<string>());
        lock (steps)
        {
            if (step == "welcome" && !steps.Contains("welcome"))
            {
                Interlocked.Increment(ref _welcomed);
            }

            steps.Enqueue(step);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>One request as the stand-in received it.</summary>
public sealed record SendGridRequest(string Body, string Authorization, string? ContentType);
