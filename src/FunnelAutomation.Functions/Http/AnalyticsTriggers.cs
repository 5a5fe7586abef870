using FunnelAutomation.Api;
using FunnelAutomation.Api.Analytics;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunnelAutomation.Functions.Http;

/// <summary>The analytics routes as HTTP triggers over the shared <see cref="AnalyticsApi"/> handlers.</summary>
public sealed class AnalyticsTriggers(AnalyticsServices services)
{
    [Function("Funnel")]
    public async Task<IResult> FunnelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Funnel)] HttpRequest request, CancellationToken cancellationToken) =>
        await AnalyticsApi.FunnelAsync(Filter(request), services, cancellationToken).ConfigureAwait(false);

    [Function("FunnelCohorts")]
    public async Task<IResult> CohortsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FunnelCohorts)] HttpRequest request, CancellationToken cancellationToken) =>
        await AnalyticsApi.CohortsAsync(Filter(request), services, cancellationToken).ConfigureAwait(false);

    [Function("ReverseFunnel")]
    public async Task<IResult> ReverseAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.FunnelReverse)] HttpRequest request, CancellationToken cancellationToken) =>
        await AnalyticsApi.ReverseAsync(Filter(request), request.Query["target"], request.Query["avgDeal"], services, cancellationToken).ConfigureAwait(false);

    [Function("RebuildFunnel")]
    public async Task<IResult> RebuildAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.FunnelRebuild)] HttpRequest request, CancellationToken cancellationToken) =>
        await AnalyticsApi.RebuildAsync(services, cancellationToken).ConfigureAwait(false);

    [Function("SequencePerformance")]
    public async Task<IResult> SequencesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.SequencePerformance)] HttpRequest request, CancellationToken cancellationToken) =>
        await AnalyticsApi.SequencesAsync(request?.Query["sequence"], services, cancellationToken).ConfigureAwait(false);

    private static FunnelFilter Filter(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return FunnelFilter.FromQuery(request.Query);
    }
}
