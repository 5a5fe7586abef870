using System.Globalization;
using FunnelAutomation.Core.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FunnelAutomation.Api;

/// <summary>RFC 9457 problem details, the one error shape of the API on both hosts: a type URI, a title, the
/// status, a detail sentence and, for invalid input, each field (or JSON path) with its reason.</summary>
public static class Problems
{
    public const string TypeBase = "https://funnelautomation.dev/problems/";

    public static ProblemHttpResult Validation(IReadOnlyList<ValidationError> errors, string detail = "The request has invalid fields; nothing was stored.")
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Create("validation", "Invalid input", StatusCodes.Status400BadRequest, detail, new Dictionary<string, object?>
        {
            ["errors"] = errors.Select(e => new { field = e.Path, reason = e.Reason }).ToArray(),
        });
    }

    public static ProblemHttpResult Validation(string field, string reason) => Validation([new ValidationError(field, reason)]);

    public static ProblemHttpResult BadRequest(string detail) => Create("bad-request", "Bad request", StatusCodes.Status400BadRequest, detail);

    public static ProblemHttpResult NotFound(string what) => Create("not-found", "Not found", StatusCodes.Status404NotFound, what);

    public static ProblemHttpResult TooLarge(int limit) =>
        Create("too-large", "Request body too large", StatusCodes.Status413PayloadTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"The body is larger than the {limit:N0}-byte limit; nothing was stored."));

    /// <summary>A body that went past the limit after part of it was taken (a streamed import): says what was kept.</summary>
    public static ProblemHttpResult TooLarge(int limit, string detail) =>
        Create("too-large", "Request body too large", StatusCodes.Status413PayloadTooLarge, detail ?? $"The body is larger than the {limit} limit.");

    public static ProblemHttpResult UnsupportedMediaType(string accepted) =>
        Create("unsupported-media-type", "Unsupported media type", StatusCodes.Status415UnsupportedMediaType, $"Send {accepted}.");

    public static ProblemHttpResult Unauthorized(string detail = "Send the function key in the x-functions-key header (or the code query parameter).") =>
        Create("unauthorized", "Function key required", StatusCodes.Status401Unauthorized, detail);

    public static ProblemHttpResult BadSignature(string detail) =>
        Create("bad-signature", "Signature refused", StatusCodes.Status401Unauthorized, detail);

    /// <summary>422: the request is well formed but refused by a rule (e.g. a win model below the AUC floor).</summary>
    public static ProblemHttpResult Unprocessable(string detail) =>
        Create("refused", "Refused", StatusCodes.Status422UnprocessableEntity, detail);

    public static ProblemHttpResult Forbidden(string detail) => Create("forbidden", "Forbidden", StatusCodes.Status403Forbidden, detail);

    public static ProblemHttpResult TooManyRequests(string detail) =>
        Create("rate-limited", "Too many requests", StatusCodes.Status429TooManyRequests, detail);

    /// <summary>503 with Retry-After: nothing was accepted and the client may try again.</summary>
    public static RetryLater Unavailable(string detail, int retryAfterSeconds) =>
        new(Create("unavailable", "Temporarily unavailable", StatusCodes.Status503ServiceUnavailable, detail), retryAfterSeconds);

    public static ProblemHttpResult Unexpected() => Create("unexpected", "Unexpected error", StatusCodes.Status500InternalServerError, "The request failed; see the logs.");

    private static ProblemHttpResult Create(string type, string title, int status, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(type: TypeBase + type, title: title, statusCode: status, detail: detail, extensions: extensions);

    /// <summary>A problem with Retry-After (seconds): 503, and 429 from the rate limiter.</summary>
    public sealed class RetryLater(ProblemHttpResult problem, int seconds) : IResult, IStatusCodeHttpResult
    {
        public ProblemHttpResult Problem { get; } = problem;

        public int Seconds { get; } = seconds;

        public int? StatusCode => Problem.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.RetryAfter = Seconds.ToString(CultureInfo.InvariantCulture);
            return Problem.ExecuteAsync(httpContext);
        }
    }
}
