using Microsoft.Extensions.FileProviders;

namespace FunnelAutomation.Api.Dashboard;

/// <summary>Where the dashboard's files are: the Host's web root locally, the <c>wwwroot</c> folder shipped next
/// to the worker in Azure. A file provider, so a path can never leave that folder.</summary>
public sealed class DashboardFiles(IFileProvider files)
{
    public IFileProvider Files { get; } = files;
}
