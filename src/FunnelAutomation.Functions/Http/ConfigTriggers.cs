using FunnelAutomation.Api;
using FunnelAutomation.Api.Configuration;
using FunnelAutomation.Application.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunnelAutomation.Functions.Http;

/// <summary>The configuration-document routes as HTTP triggers over the shared <see cref="ConfigApi"/> handlers.</summary>
public sealed class ConfigTriggers(ConfigurationService configuration)
{
    [Function("GetActiveConfig")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.ConfigKind)] HttpRequest request, string kind, CancellationToken cancellationToken) =>
        await ConfigApi.GetAsync(kind, configuration, cancellationToken).ConfigureAwait(false);

    [Function("ValidateConfig")]
    public async Task<IResult> ValidateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.ConfigValidate)] HttpRequest request, string kind, CancellationToken cancellationToken) =>
        await ConfigApi.ValidateAsync(kind, request, configuration, cancellationToken).ConfigureAwait(false);

    [Function("ActivateConfig")]
    public async Task<IResult> ActivateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.ConfigKind)] HttpRequest request, string kind, CancellationToken cancellationToken) =>
        await ConfigApi.ActivateAsync(kind, request, configuration, cancellationToken).ConfigureAwait(false);
}
