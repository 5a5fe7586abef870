using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Api;

/// <summary>Who may call a route, as Azure Functions' authorization levels: <see cref="Anonymous"/> (website
/// forms, email links, SendGrid) or <see cref="Function"/> (the function key). Carried as endpoint metadata, so
/// the OpenAPI document and the route-parity test read it.</summary>
public enum ApiAccess
{
    Anonymous,
    Function,
}

/// <summary>Marks a route's access level.</summary>
public sealed record ApiAccessMetadata(ApiAccess Access);

public static class ApiAccessExtensions
{
    /// <summary>The function key is required (checked by <see cref="FunctionKeyFilter"/> on the local Host; in
    /// Azure the Functions host checks it before the trigger runs).</summary>
    public static TBuilder RequireFunctionKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiAccessMetadata(ApiAccess.Function)).AddEndpointFilter<TBuilder, FunctionKeyFilter>();

    public static TBuilder AllowAnyCaller<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiAccessMetadata(ApiAccess.Anonymous)).AllowAnonymous();
}

/// <summary>Requires the function key on a route, as Azure Functions does for AuthorizationLevel.Function:
/// header <c>x-functions-key</c> or query <c>code</c>, compared in constant time.</summary>
public sealed class FunctionKeyFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public const string Header = "x-functions-key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        return Presents(request, options.Value.FunctionKey) ? next(context) : ValueTask.FromResult<object?>(Problems.Unauthorized());
    }

    /// <summary>Whether the request carries the function key (header or <c>code</c> query).</summary>
    public static bool Presents(HttpRequest request, string expected)
    {
        ArgumentNullException.ThrowIfNull(request);
        var presented = request.Headers[Header].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
    }
}
