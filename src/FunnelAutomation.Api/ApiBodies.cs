using FunnelAutomation.Application.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunnelAutomation.Api;

/// <summary>Request bodies read within a limit: text, or a flat JSON object as fields. A body over the limit is a
/// 413 and one that does not parse a 400, both before anything is stored.</summary>
public static class ApiBodies
{
    public static bool IsJson(HttpRequest request) => HasMediaType(request, "application/json");

    public static bool HasMediaType(HttpRequest request, string mediaType) =>
        request?.ContentType?.StartsWith(mediaType, StringComparison.OrdinalIgnoreCase) == true;

    public static async Task<(string? Text, ProblemHttpResult? Problem)> ReadTextAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (text, tooLarge) = await BoundedBody.ReadTextAsync(request.Body, request.ContentLength, limit, cancellationToken).ConfigureAwait(false);
        return tooLarge ? (null, Problems.TooLarge(limit)) : (text ?? string.Empty, null);
    }

    public static async Task<(Dictionary<string, string?>? Fields, ProblemHttpResult? Problem)> ReadJsonFieldsAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var (text, problem) = await ReadTextAsync(request, limit, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return (null, problem);
        }

        var parsed = FlatJsonFields.Parse(text!);
        return parsed.IsSuccess ? (parsed.Value, null) : (null, Problems.Validation(parsed.Errors));
    }
}
