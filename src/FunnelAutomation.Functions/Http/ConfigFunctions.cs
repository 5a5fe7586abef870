using FunnelAutomation.Application.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FunnelAutomation.Functions.Http;

/// <summary>Configuration documents: read the active ones, validate (dry run), activate a new version
/// (the local Host's <c>/api/config/{kind}</c> routes).</summary>
public sealed class ConfigFunctions(ConfigurationService configuration)
{
    private const int MaxDocumentBytes = 512 * 1024;

    [Function("GetActiveConfig")]
    public async Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "config/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken)
    {
        if (!ConfigurationService.IsKnownKind(kind))
        {
            return UnknownKind(kind);
        }

        return new OkObjectResult(await configuration.ReadActiveAsync(kind, cancellationToken).ConfigureAwait(false));
    }

    [Function("ValidateConfig")]
    public async Task<IActionResult> ValidateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "config/{kind}/validate")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken)
    {
        var (json, problem) = await ReadDocumentAsync(kind, request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = await configuration.ValidateAsync(kind, json!, cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(new { valid = errors.Count == 0, errors = errors.Select(e => new { path = e.Path, reason = e.Reason }) });
    }

    [Function("ActivateConfig")]
    public async Task<IActionResult> ActivateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "config/{kind}")] HttpRequest request,
        string kind,
        CancellationToken cancellationToken)
    {
        var (json, problem) = await ReadDocumentAsync(kind, request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var activated = await configuration.ActivateAsync(kind, json!, cancellationToken).ConfigureAwait(false);
        return activated.IsSuccess
            ? new CreatedResult($"/api/config/{kind}", new { activated.Value.Kind, activated.Value.Id, activated.Value.Version })
            : Problems.Validation(activated.Errors, "The document is invalid; nothing was activated.");
    }

    private static async Task<(string? Json, IActionResult? Problem)> ReadDocumentAsync(string kind, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!ConfigurationService.IsKnownKind(kind))
        {
            return (null, UnknownKind(kind));
        }

        var (text, tooLarge) = await HttpBodies.ReadTextAsync(request, MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
        return tooLarge ? (null, Problems.TooLarge(MaxDocumentBytes)) : (text, null);
    }

    private static ObjectResult UnknownKind(string kind) =>
        Problems.NotFound($"Unknown document kind \"{kind}\"; use one of {string.Join(", ", ConfigurationService.Kinds)}.");
}
