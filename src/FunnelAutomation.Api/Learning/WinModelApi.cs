using FunnelAutomation.Application.Learning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FunnelAutomation.Api.Learning;

/// <summary>The win model's lifecycle: versions with their evaluation, train on demand, activate a version, roll back.</summary>
public static class WinModelApi
{
    public static void MapWinModelApi(this IEndpointRouteBuilder api)
    {
        api.MapGet(ApiRoutes.WinModels, ListAsync).RequireFunctionKey()
            .WithName("ListWinModels").WithSummary("Every trained win model, newest first: AUC, calibration by decile, active, why not activatable.");
        api.MapPost(ApiRoutes.WinModelTrain, TrainAsync).RequireFunctionKey()
            .WithName("TrainWinModel").WithSummary("Train on the closed leads now; the new version is activated when it passes the minimum closed leads and AUC floor.");
        api.MapPost(ApiRoutes.WinModelActivate, ActivateAsync).RequireFunctionKey()
            .WithName("ActivateWinModel").WithSummary("Activate a stored version (422 when it was trained on too little or is below the AUC floor).");
        api.MapPost(ApiRoutes.WinModelRollback, RollbackAsync).RequireFunctionKey()
            .WithName("RollbackWinModel").WithSummary("Activate the newest activatable version older than the active one.");
    }

    public static async Task<Ok<IReadOnlyList<WinModelVersion>>> ListAsync(WinModelService models, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        return TypedResults.Ok(await models.ListAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>201 with the new version (activated or not, and why); 422 when there were too few closed leads to train.</summary>
    public static async Task<Results<Created<WinTrainingOutcome>, ProblemHttpResult>> TrainAsync(WinModelService models, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        var outcome = await models.TrainAsync(cancellationToken).ConfigureAwait(false);
        return outcome.Model is null
            ? Problems.Unprocessable(outcome.Refusal ?? "nothing to train on")
            : TypedResults.Created($"/{ApiRoutes.Prefix}/{ApiRoutes.WinModels}", outcome);
    }

    public static async Task<Results<Ok<WinModelVersion>, ProblemHttpResult>> ActivateAsync(int version, WinModelService models, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        return Map(await models.ActivateAsync(version, cancellationToken).ConfigureAwait(false));
    }

    public static async Task<Results<Ok<WinModelVersion>, ProblemHttpResult>> RollbackAsync(WinModelService models, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(models);
        return Map(await models.RollbackAsync(cancellationToken).ConfigureAwait(false));
    }

    private static Results<Ok<WinModelVersion>, ProblemHttpResult> Map(WinActivation activation) => activation.Status switch
    {
        WinActivationStatus.Activated => TypedResults.Ok(activation.Model!),
        WinActivationStatus.Refused => Problems.Unprocessable($"Win model version {activation.Model!.Version} was not activated: {activation.Reason}."),
        _ => Problems.NotFound(activation.Reason ?? "no such win model"),
    };
}
