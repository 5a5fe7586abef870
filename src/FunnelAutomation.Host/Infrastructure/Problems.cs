using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Host.Infrastructure;

/// <summary>RFC 9457 problem details for every error the API returns: a type URI, a title, the status,
/// a detail sentence and, for invalid input, each field (or JSON path) with its reason.</summary>
internal static class Problems
{
    private const string TypeBase = "https://funnelautomation.dev/problems/";

    public static IResult Validation(IReadOnlyList<ValidationError> errors, string detail = "The request has invalid fields; nothing was stored.") =>
        Results.Problem(
            type: TypeBase + "validation",
            title: "Invalid input",
            statusCode: StatusCodes.Status400BadRequest,
            detail: detail,
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new { field = e.Path, reason = e.Reason }).ToArray(),
            });

    public static IResult Validation(string field, string reason) => Validation([new ValidationError(field, reason)]);

    public static IResult NotFound(string what) =>
        Results.Problem(type: TypeBase + "not-found", title: "Not found", statusCode: StatusCodes.Status404NotFound, detail: what);

    public static IResult TooLarge(int limit) =>
        Results.Problem(type: TypeBase + "too-large", title: "Request body too large", statusCode: StatusCodes.Status413PayloadTooLarge,
            detail: $"The body is larger than the {limit:N0}-byte limit; nothing was stored.");

    public static IResult UnsupportedMediaType(string accepted) =>
        Results.Problem(type: TypeBase + "unsupported-media-type", title: "Unsupported media type", statusCode: StatusCodes.Status415UnsupportedMediaType,
            detail: $"Send {accepted}.");

    public static IResult Unauthorized() =>
        Results.Problem(type: TypeBase + "unauthorized", title: "Function key required", statusCode: StatusCodes.Status401Unauthorized,
            detail: "Send the function key in the x-functions-key header (or the code query parameter).");

    public static IResult Forbidden(string detail) =>
        Results.Problem(type: TypeBase + "forbidden", title: "Forbidden", statusCode: StatusCodes.Status403Forbidden, detail: detail);

    public static IResult Unavailable(string detail, int retryAfterSeconds) =>
        new RetryAfterResult(Results.Problem(type: TypeBase + "unavailable", title: "Temporarily unavailable",
            statusCode: StatusCodes.Status503ServiceUnavailable, detail: detail), retryAfterSeconds);

    private sealed class RetryAfterResult(IResult inner, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
