using FunnelAutomation.Api;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Functions.Http;

/// <summary>An exception that escapes an HTTP trigger is answered as on the local Host (<see cref="ApiErrors"/>):
/// storage unreachable is 503 with Retry-After, an unreadable body 400, anything else a 500 problem, never the
/// host's bare 500. Other triggers' exceptions pass through, so queue messages are retried.</summary>
public sealed partial class ApiErrorMiddleware(ILogger<ApiErrorMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.GetHttpContext() is not null)
        {
            LogFailed(logger, context.FunctionDefinition.Name, ex);
            context.GetInvocationResult().Value = ApiErrors.ToResult(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "HTTP function {Function} failed")]
    private static partial void LogFailed(ILogger logger, string function, Exception error);
}
