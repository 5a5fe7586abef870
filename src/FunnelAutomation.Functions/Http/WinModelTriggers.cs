using FunnelAutomation.Api;
using FunnelAutomation.Api.Learning;
using FunnelAutomation.Application.Learning;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunnelAutomation.Functions.Http;

/// <summary>The win-model routes as HTTP triggers over the shared <see cref="WinModelApi"/> handlers.</summary>
public sealed class WinModelTriggers(WinModelService models)
{
    [Function("ListWinModels")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.WinModels)] HttpRequest request, CancellationToken cancellationToken) =>
        await WinModelApi.ListAsync(models, cancellationToken).ConfigureAwait(false);

    [Function("TrainWinModel")]
    public async Task<IResult> TrainAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.WinModelTrain)] HttpRequest request, CancellationToken cancellationToken) =>
        await WinModelApi.TrainAsync(models, cancellationToken).ConfigureAwait(false);

    [Function("ActivateWinModel")]
    public async Task<IResult> ActivateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.WinModelActivate)] HttpRequest request, int version, CancellationToken cancellationToken) =>
        await WinModelApi.ActivateAsync(version, models, cancellationToken).ConfigureAwait(false);

    [Function("RollbackWinModel")]
    public async Task<IResult> RollbackAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.WinModelRollback)] HttpRequest request, CancellationToken cancellationToken) =>
        await WinModelApi.RollbackAsync(models, cancellationToken).ConfigureAwait(false);
}
