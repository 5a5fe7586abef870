using FunnelAutomation.Azure.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Api.Health;

/// <summary><c>GET /api/health</c>: what is degraded, not just "ok". Storage unreachable is <c>unhealthy</c> (503:
/// a probe takes the instance out); poison messages or an old intake backlog are <c>degraded</c> (200: restarting
/// would not mend them, an operator must look). Anonymous, like a probe; the poison reasons (the last errors) only
/// with the function key, since they quote what failed.</summary>
public static class HealthApi
{
    /// <summary>An intake message older than this means intake is not keeping up.</summary>
    public static readonly TimeSpan BacklogAge = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static void MapHealthApi(this IEndpointRouteBuilder api)
    {
        api.MapGet(ApiRoutes.Health, GetAsync).AllowAnyCaller()
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .WithName("Health")
            .WithSummary("Health: ok, degraded (poison messages, an old intake backlog) or unhealthy (storage unreachable), with the queues' depths, oldest ages and poison counts.");
    }

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> GetAsync(
        HttpRequest request, [AsParameters] HealthServices services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var now = services.Time.GetUtcNow();
        QueueSnapshot snapshot;
        using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            bounded.CancelAfter(ProbeTimeout);
            try
            {
                snapshot = await services.Queues.ReadAsync(bounded.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Any failure to reach storage is the answer, not an error of this route.
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                var down = new HealthReport("unhealthy", now, [new HealthCheck("storage", "unhealthy", $"storage unreachable: {ex.GetType().Name}")], []);
                return TypedResults.Json(down, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }

        var withErrors = FunctionKeyFilter.Presents(request, services.Options.Value.FunctionKey);
        var checks = new List<HealthCheck> { new("storage", "ok", "tables and queues answer") };
        foreach (var queue in snapshot.Queues)
        {
            if (queue.PoisonDepth > 0)
            {
                checks.Add(new HealthCheck($"{queue.Queue}-poison", "degraded", $"{queue.PoisonDepth} poison message(s) on {queue.Name}-poison"));
            }

            // An import's batches wait by design (100,000 rows take hours at the intake rate): their age is no lag of
            // intake, so leads-import is reported with its depth and age but never degraded by them; its poison still is.
            if (queue.Queue != QueueNames.LeadsImport && queue.OldestAge is { } age && age > BacklogAge)
            {
                checks.Add(new HealthCheck($"{queue.Queue}-backlog", "degraded",
                    $"the oldest message on {queue.Name} has waited {Math.Round(age.TotalMinutes)} min ({queue.Depth} waiting; more than {BacklogAge.TotalMinutes:0} min is a backlog)"));
            }
        }

        var status = checks.Any(c => c.Status != "ok") ? "degraded" : "ok";
        var queues = snapshot.Queues
            .Select(q => new QueueHealth(q.Queue, q.Name, q.Depth, q.OldestAge?.TotalSeconds, q.PoisonDepth, withErrors ? q.LastPoisonReasons : null))
            .ToList();
        return TypedResults.Ok(new HealthReport(status, now, checks, queues));
    }
}

/// <summary>What <c>/api/health</c> reads ([AsParameters] on the Host; resolved from DI by the Functions trigger).</summary>
public sealed record HealthServices(QueueHealthProbe Queues, IOptions<ApiOptions> Options, TimeProvider Time);

/// <summary><see cref="Status"/>: ok, degraded or unhealthy; every check that is not ok says why.</summary>
public sealed record HealthReport(string Status, DateTimeOffset CheckedAt, IReadOnlyList<HealthCheck> Checks, IReadOnlyList<QueueHealth> Queues);

public sealed record HealthCheck(string Name, string Status, string Description);

/// <summary>One queue: depth, the oldest message's age in seconds (null when empty), poison count, and with the
/// function key the latest poison reasons.</summary>
public sealed record QueueHealth(string Queue, string Name, int Depth, double? OldestAgeSeconds, int PoisonDepth, IReadOnlyList<PoisonReason>? LastErrors);
