using FunnelAutomation.Core.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FunnelAutomation.Functions.Http;

/// <summary>RFC 9457 problem details, the one error shape of the API (same as the local Host).</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    /// <summary>400 listing every error as (path, reason): bad input is refused whole and explained whole.</summary>
    public static ObjectResult Validation(IReadOnlyList<ValidationError> errors, string title = "The request is not valid.")
    {
        ArgumentNullException.ThrowIfNull(errors);
        var problem = Create(StatusCodes.Status400BadRequest, title, $"{errors.Count} error(s); see 'errors'.");
        problem.Extensions["errors"] = errors.Select(e => new { path = e.Path, reason = e.Reason }).ToArray();
        return Result(problem);
    }

    public static ObjectResult BadRequest(string detail) => Result(Create(StatusCodes.Status400BadRequest, "The request is not valid.", detail));

    public static ObjectResult NotFound(string detail) => Result(Create(StatusCodes.Status404NotFound, "Not found.", detail));

    public static ObjectResult Unauthorized(string detail) => Result(Create(StatusCodes.Status401Unauthorized, "Not authorised.", detail));

    public static ObjectResult UnsupportedMediaType(string detail) =>
        Result(Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", detail));

    private static ProblemDetails Create(int status, string title, string detail) => new()
    {
        Status = status,
        Title = title,
        Detail = detail,
        Type = $"https://httpstatuses.io/{status}",
    };

    private static ObjectResult Result(ProblemDetails problem)
    {
        var result = new ObjectResult(problem) { StatusCode = problem.Status };
        result.ContentTypes.Add(ContentType);
        return result;
    }
}
