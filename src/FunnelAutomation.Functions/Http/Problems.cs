using System.Globalization;
using FunnelAutomation.Core.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FunnelAutomation.Functions.Http;

/// <summary>RFC 9457 problem details, the one error shape of the API: the same type URIs, titles, details
/// and <c>errors</c> (field, reason) as the local Host's Problems.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";
    public const string TypeBase = "https://funnelautomation.dev/problems/";

    public static ObjectResult Validation(IReadOnlyList<ValidationError> errors, string detail = "The request has invalid fields; nothing was stored.")
    {
        ArgumentNullException.ThrowIfNull(errors);
        var problem = Create("validation", "Invalid input", StatusCodes.Status400BadRequest, detail);
        problem.Extensions["errors"] = errors.Select(e => new { field = e.Path, reason = e.Reason }).ToArray();
        return Result(problem);
    }

    public static ObjectResult Validation(string field, string reason) => Validation([new ValidationError(field, reason)]);

    public static ObjectResult NotFound(string what) => Result(Create("not-found", "Not found", StatusCodes.Status404NotFound, what));

    public static ObjectResult TooLarge(int limit) =>
        Result(Create("too-large", "Request body too large", StatusCodes.Status413PayloadTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"The body is larger than the {limit:N0}-byte limit; nothing was stored.")));

    public static ObjectResult UnsupportedMediaType(string accepted) =>
        Result(Create("unsupported-media-type", "Unsupported media type", StatusCodes.Status415UnsupportedMediaType, $"Send {accepted}."));

    public static ObjectResult Unauthorized(string detail) =>
        Result(Create("unauthorized", "Unauthorized", StatusCodes.Status401Unauthorized, detail));

    public static ObjectResult Forbidden(string detail) => Result(Create("forbidden", "Forbidden", StatusCodes.Status403Forbidden, detail));

    /// <summary>503 with Retry-After: nothing was accepted and the client may try again.</summary>
    public static IActionResult Unavailable(string detail, int retryAfterSeconds) =>
        new RetryAfterResult(Result(Create("unavailable", "Temporarily unavailable", StatusCodes.Status503ServiceUnavailable, detail)), retryAfterSeconds);

    private static ProblemDetails Create(string type, string title, int status, string detail) => new()
    {
        Type = TypeBase + type,
        Title = title,
        Status = status,
        Detail = detail,
    };

    private static ObjectResult Result(ProblemDetails problem)
    {
        var result = new ObjectResult(problem) { StatusCode = problem.Status };
        result.ContentTypes.Add(ContentType);
        return result;
    }

    /// <summary>Sets Retry-After, then writes the inner problem.</summary>
    public sealed class RetryAfterResult(ObjectResult inner, int seconds) : IActionResult
    {
        public ObjectResult Inner { get; } = inner;

        public int Seconds { get; } = seconds;

        public Task ExecuteResultAsync(ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            context.HttpContext.Response.Headers.RetryAfter = Seconds.ToString(CultureInfo.InvariantCulture);
            return Inner.ExecuteResultAsync(context);
        }
    }
}
