using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Http;
using FunnelAutomation.Host.Infrastructure;

namespace FunnelAutomation.Host.Configuration;

/// <summary>Configuration documents: read the active ones, validate (dry run), activate a new version.</summary>
internal static class ConfigEndpoints
{
    private const int MaxDocumentBytes = 512 * 1024;

    public static void MapConfigEndpoints(this IEndpointRouteBuilder app)
    {
        var config = app.MapGroup("/api/config").AddEndpointFilter<FunctionKeyFilter>();
        config.MapGet("/{kind}", async (string kind, ConfigurationService service, CancellationToken ct) =>
            !ConfigurationService.IsKnownKind(kind)
                ? UnknownKind(kind)
                : Results.Ok(await service.ReadActiveAsync(kind, ct).ConfigureAwait(false)))
            .WithSummary("The active documents of a kind (pipeline, scoring, routing, sequence).");
        config.MapPost("/{kind}/validate", async (string kind, HttpRequest request, ConfigurationService service, CancellationToken ct) =>
        {
            var (json, problem) = await ReadDocumentAsync(kind, request, ct).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var errors = await service.ValidateAsync(kind, json!, ct).ConfigureAwait(false);
            return Results.Ok(new { valid = errors.Count == 0, errors = errors.Select(e => new { path = e.Path, reason = e.Reason }) });
        }).WithSummary("Dry run: every error of the document by JSON path, nothing stored.");
        config.MapPost("/{kind}", async (string kind, HttpRequest request, ConfigurationService service, CancellationToken ct) =>
        {
            var (json, problem) = await ReadDocumentAsync(kind, request, ct).ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            var activated = await service.ActivateAsync(kind, json!, ct).ConfigureAwait(false);
            return activated.IsSuccess
                ? Results.Created($"/api/config/{kind}", new { activated.Value.Kind, activated.Value.Id, activated.Value.Version })
                : Problems.Validation(activated.Errors, "The document is invalid; nothing was activated.");
        }).WithSummary("Store the document as a new version and activate it (rejected whole when invalid).");
    }

    private static async Task<(string? Json, IResult? Problem)> ReadDocumentAsync(string kind, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!ConfigurationService.IsKnownKind(kind))
        {
            return (null, UnknownKind(kind));
        }

        var (text, tooLarge) = await BoundedBody.ReadTextAsync(request.Body, request.ContentLength, MaxDocumentBytes, cancellationToken).ConfigureAwait(false);
        return tooLarge ? (null, Problems.TooLarge(MaxDocumentBytes)) : (text, null);
    }

    private static IResult UnknownKind(string kind) =>
        Problems.NotFound($"Unknown document kind \"{kind}\"; use one of {string.Join(", ", ConfigurationService.Kinds)}.");
}
