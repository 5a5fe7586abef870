using FunnelAutomation.Api;
using FunnelAutomation.Api.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunnelAutomation.Functions.Http;

/// <summary>The dashboard in Azure, at /api/dashboard/ as on the local Host (<see cref="DashboardApi"/>).</summary>
public sealed class DashboardTrigger(DashboardFiles files)
{
    [Function("Dashboard")]
    public IResult Serve([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Dashboard)] HttpRequest request, string? path) =>
        DashboardApi.Serve(path, request, files);
}
