using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Core.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FunnelAutomation.Api.Configuration;

/// <summary>Configuration documents: read the active ones, validate (dry run), activate a new version.</summary>
public static class ConfigApi
{
    public const int MaxDocumentBytes = 512 * 1024;

    public static void MapConfigApi(this IEndpointRouteBuilder api)
    {
        api.MapGet(ApiRoutes.ConfigKind, GetAsync).RequireFunctionKey()
            .WithName("GetActiveConfig").WithSummary("The active documents of a kind (pipeline, scoring, routing, sequence).");
        api.MapPost(ApiRoutes.ConfigValidate, ValidateAsync).RequireFunctionKey()
            .Accepts<object>("application/json").ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("ValidateConfig").WithSummary("Dry run: every error of the document by JSON path, nothing stored.");
        api.MapPost(ApiRoutes.ConfigKind, ActivateAsync).RequireFunctionKey()
            .Accepts<object>("application/json").ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("ActivateConfig").WithSummary("Store the document as a new version and activate it (rejected whole when invalid).");
    }

    public static async Task<Results<Ok<IReadOnlyList<ActiveDocument>>, ProblemHttpResult>> GetAsync(string kind, ConfigurationService configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return ConfigurationService.IsKnownKind(kind)
            ? TypedResults.Ok(await configuration.ReadActiveAsync(kind, cancellationToken).ConfigureAwait(false))
            : UnknownKind(kind);
    }

    public static async Task<Results<Ok<ValidationReport>, ProblemHttpResult>> ValidateAsync(
        string kind, HttpRequest request, ConfigurationService configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var (json, problem) = await ReadDocumentAsync(kind, request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = await configuration.ValidateAsync(kind, json!, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ValidationReport(errors.Count == 0, [.. errors.Select(e => new DocumentError(e.Path, e.Reason))]));
    }

    public static async Task<Results<Created<ActivatedDocument>, ProblemHttpResult>> ActivateAsync(
        string kind, HttpRequest request, ConfigurationService configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var (json, problem) = await ReadDocumentAsync(kind, request, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var activated = await configuration.ActivateAsync(kind, json!, cancellationToken).ConfigureAwait(false);
        return activated.IsSuccess
            ? TypedResults.Created($"/api/config/{kind}", new ActivatedDocument(activated.Value.Kind, activated.Value.Id, activated.Value.Version))
            : Problems.Validation(activated.Errors, "The document is invalid; nothing was activated.");
    }

    private static async Task<(string? Json, ProblemHttpResult? Problem)> ReadDocumentAsync(string kind, HttpRequest request, CancellationToken cancellationToken) =>
        ConfigurationService.IsKnownKind(kind)
            ? await ApiBodies.ReadTextAsync(request, MaxDocumentBytes, cancellationToken).ConfigureAwait(false)
            : (null, UnknownKind(kind));

    private static ProblemHttpResult UnknownKind(string kind) =>
        Problems.NotFound($"Unknown document kind \"{kind}\"; use one of {string.Join(", ", ConfigurationService.Kinds)}.");
}

/// <summary>A dry run's answer: valid, or every error by JSON path.</summary>
public sealed record ValidationReport(bool Valid, IReadOnlyList<DocumentError> Errors);

public sealed record DocumentError(string Path, string Reason);

public sealed record ActivatedDocument(string Kind, string Id, int Version);
