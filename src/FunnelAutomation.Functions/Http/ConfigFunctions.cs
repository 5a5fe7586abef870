using FunnelAutomation.Functions.Contracts;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Http;

/// <summary>Configuration documents by kind: <c>/api/config/{kind}</c>, <c>…/validate</c>, <c>…/activate</c>.</summary>
public sealed class ConfigFunctions(IConfigurationService configuration, DurableClientScope durable)
{
    [Function("GetActiveConfig")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "config/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken)
    {
        var active = await configuration.GetActiveAsync(kind, cancellationToken).ConfigureAwait(false);
        return active.IsSuccess ? new OkObjectResult(active.Value) : Problems.Validation(active.Errors);
    }

    [Function("ValidateConfig")]
    public async Task<IActionResult> ValidateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "config/{kind}/validate")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken)
    {
        var json = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        var result = await configuration.ValidateAsync(kind, json, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess
            ? new OkObjectResult(new { kind, valid = true })
            : Problems.Validation(result.Errors, "The document is not valid.");
    }

    /// <summary>Binds the Durable client because activating a sequence version may migrate running journeys.</summary>
    [Function("ActivateConfig")]
    public async Task<IActionResult> ActivateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "config/{kind}/activate")] HttpRequest request,
        string kind,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        var json = await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        var result = await configuration.ActivateAsync(kind, json, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess ? new OkObjectResult(result.Value) : Problems.Validation(result.Errors, "The document was not activated.");
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
    }
}
