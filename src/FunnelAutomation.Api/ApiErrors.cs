using Microsoft.AspNetCore.Http;

namespace FunnelAutomation.Api;

/// <summary>What an exception that escaped a handler means to the caller, the same on both hosts: storage
/// unreachable is 503 with Retry-After (nothing was accepted, the client may retry); a body that cannot be read
/// is 400; anything else a plain 500 problem.</summary>
public static class ApiErrors
{
    public static IResult ToResult(Exception? error) => error switch
    {
        _ when IsTransient(error) => Problems.Unavailable("Storage is unreachable right now; nothing was stored. Retry shortly.", 5),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TypedResults.Problem(
            type: Problems.TypeBase + "too-large", title: "Request body too large", statusCode: StatusCodes.Status413PayloadTooLarge,
            detail: "The body is larger than the server accepts; nothing was stored."),
        BadHttpRequestException bad => TypedResults.Problem(type: Problems.TypeBase + "bad-request", title: "Bad request",
            statusCode: bad.StatusCode, detail: "The request could not be read."),

        // Form parsing (bad escapes, NUL, missing multipart boundary, key too long) throws this, not BadHttpRequestException.
        InvalidDataException => Problems.BadRequest("The request could not be read."),
        _ => Problems.Unexpected(),
    };

    /// <summary>Worth a retry by the client: the Azure SDK gives up on an unreachable endpoint with an
    /// AggregateException of its attempts.</summary>
    public static bool IsTransient(Exception? error) => error switch
    {
        global::Azure.RequestFailedException { Status: 0 or >= 500 } or HttpRequestException or TimeoutException or TaskCanceledException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        _ => false,
    };
}
