using FunnelAutomation.Api;
using FunnelAutomation.Api.Configuration;
using FunnelAutomation.Application.Replay;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunnelAutomation.Functions.Http;

/// <summary>The what-if replay route as an HTTP trigger over the shared <see cref="ReplayApi"/> handler.</summary>
public sealed class ReplayTriggers(WhatIfReplayService replay)
{
    [Function("ReplayConfiguration")]
    public async Task<IResult> ReplayAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.ConfigReplay)] HttpRequest request, string kind, CancellationToken cancellationToken) =>
        await ReplayApi.ReplayAsync(kind, request, replay, cancellationToken).ConfigureAwait(false);
}
