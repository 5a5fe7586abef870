using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Infrastructure;

/// <summary>Requires the function key on a route, as Azure Functions does for AuthorizationLevel.Function:
/// header <c>x-functions-key</c> or query <c>code</c>, compared in constant time.</summary>
internal sealed class FunctionKeyFilter(IOptions<FunnelHostOptions> options) : IEndpointFilter
{
    public const string Header = "x-functions-key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var presented = request.Headers[Header].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return Matches(presented, options.Value.FunctionKey) ? next(context) : ValueTask.FromResult<object?>(Problems.Unauthorized());
    }

    private static bool Matches(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
