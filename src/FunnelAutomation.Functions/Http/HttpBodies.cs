using FunnelAutomation.Application.Http;
using Microsoft.AspNetCore.Http;

namespace FunnelAutomation.Functions.Http;

/// <summary>Request body reading on top of the shared <see cref="BoundedBody"/> and <see cref="FlatJsonFields"/>.</summary>
public static class HttpBodies
{
    public static Task<(string? Text, bool TooLarge)> ReadTextAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return BoundedBody.ReadTextAsync(request.Body, request.ContentLength, limit, cancellationToken);
    }

    /// <summary>A flat JSON object body as fields; otherwise the problem to answer with (413 or 400).</summary>
    public static async Task<(Dictionary<string, string?>? Fields, Microsoft.AspNetCore.Mvc.IActionResult? Problem)> ReadJsonFieldsAsync(
        HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var (text, tooLarge) = await ReadTextAsync(request, limit, cancellationToken).ConfigureAwait(false);
        if (tooLarge)
        {
            return (null, Problems.TooLarge(limit));
        }

        var parsed = FlatJsonFields.Parse(text ?? string.Empty);
        return parsed.IsSuccess ? (parsed.Value, null) : (null, Problems.Validation(parsed.Errors));
    }

    public static bool IsJson(HttpRequest request) =>
        request?.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
}
