using FunnelAutomation.Api;
using FunnelAutomation.Api.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunnelAutomation.Functions.Http;

/// <summary>The health probe as an HTTP trigger over the shared <see cref="HealthApi"/> handler.</summary>
public sealed class HealthTrigger(HealthServices services)
{
    [Function("Health")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request, CancellationToken cancellationToken) =>
        await HealthApi.GetAsync(request, services, cancellationToken).ConfigureAwait(false);
}
