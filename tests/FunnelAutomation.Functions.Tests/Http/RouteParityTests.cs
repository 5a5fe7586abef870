using System.Text.Json;
using FunnelAutomation.Api;
using FunnelAutomation.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace FunnelAutomation.Functions.Tests.Http;

/// <summary>The two launchers serve the same API: every route the local Host maps under /api and every HTTP
/// function in the functions.metadata the Worker SDK generated at build, compared by method, route, access
/// level and name.</summary>
public class RouteParityTests
{
    [Fact]
    public async Task The_Host_and_the_Function_App_serve_the_same_routes_with_the_same_access()
    {
        var host = await HostRoutesAsync();
        var functions = FunctionRoutes();
        Assert.True(host.Count > 15, "The Host mapped only: " + string.Join("; ", host));

        var onlyHost = host.Except(functions).ToList();
        var onlyFunctions = functions.Except(host).ToList();
        Assert.True(onlyHost.Count == 0 && onlyFunctions.Count == 0,
            "Only on the Host: " + string.Join("; ", onlyHost) + Environment.NewLine + "Only in the Function App: " + string.Join("; ", onlyFunctions));
    }

    private static async Task<HashSet<string>> HostRoutesAsync()
    {
        await using var app = FunnelHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = "UseDevelopmentStorage=true", // never reached: the app is built, not started
            ["Host:RunBackgroundWork"] = "false",
        }));
        var routes = new HashSet<string>(StringComparer.Ordinal);
        // The app's own data sources (the global EndpointDataSource fills only when the pipeline starts).
        foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? string.Empty;
            if (!pattern.StartsWith("/" + ApiRoutes.Prefix + "/", StringComparison.Ordinal))
            {
                continue; // the dashboard's files, /openapi and /docs are the Host's own
            }

            var access = endpoint.Metadata.GetMetadata<ApiAccessMetadata>()?.Access.ToString() ?? "(none)";
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "(unnamed)";
            foreach (var method in methods)
            {
                routes.Add(Route(name, method, pattern[(ApiRoutes.Prefix.Length + 2)..], access));
            }
        }

        return routes;
    }

    private static HashSet<string> FunctionRoutes()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"The Worker SDK's {path} is missing; the Functions app was not built with its generator.");
        var routes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var function in JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (!string.Equals(binding.GetProperty("type").GetString(), "httpTrigger", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                foreach (var method in binding.GetProperty("methods").EnumerateArray())
                {
                    routes.Add(Route(function.GetProperty("name").GetString()!, method.GetString()!, binding.GetProperty("route").GetString()!, binding.GetProperty("authLevel").GetString()!));
                }
            }
        }

        return routes;
    }

    private static string Route(string name, string method, string route, string access) =>
        $"{method.ToUpperInvariant()} {route} ({access.ToLowerInvariant()}, {name})";
}
