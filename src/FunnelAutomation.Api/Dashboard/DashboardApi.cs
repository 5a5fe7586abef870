using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;

namespace FunnelAutomation.Api.Dashboard;

/// <summary>The dashboard at <c>/api/dashboard/</c> on both hosts (in Azure the Functions host owns only /api).
/// The page is public; everything it shows comes from keyed routes, so it asks for the function key as it does
/// locally.</summary>
public static class DashboardApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void MapDashboardApi(this IEndpointRouteBuilder api)
    {
        api.MapGet(ApiRoutes.Dashboard, Serve).AllowAnyCaller().ExcludeFromDescription().WithName("Dashboard");
    }

    public static Results<FileStreamHttpResult, RedirectHttpResult, ProblemHttpResult> Serve(string? path, HttpRequest request, DashboardFiles dashboard)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(dashboard);
        if (string.IsNullOrEmpty(path))
        {
            // The page loads app.js and app.css relative to itself, so its address ends in a slash.
            if (!request.Path.Value?.EndsWith('/') ?? true)
            {
                return TypedResults.Redirect(request.PathBase + request.Path + "/");
            }

            path = "index.html";
        }

        var file = dashboard.Files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory)
        {
            return Problems.NotFound($"The dashboard has no file \"{path}\".");
        }

        var contentType = ContentTypes.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        return TypedResults.File(file.CreateReadStream(), contentType, lastModified: file.LastModified);
    }
}
