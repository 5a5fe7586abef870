using FunnelAutomation.Api;
using FunnelAutomation.Api.Configuration;
using FunnelAutomation.Application.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunnelAutomation.Functions.Http;

/// <summary>The sequence preview route as an HTTP trigger over the shared <see cref="SequencePreviewApi"/> handler.</summary>
public sealed class SequencePreviewTriggers(SequencePreviewService preview)
{
    [Function("PreviewSequence")]
    public async Task<IResult> PreviewAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.SequencePreview)] HttpRequest request, CancellationToken cancellationToken) =>
        await SequencePreviewApi.PreviewAsync(request, preview, cancellationToken).ConfigureAwait(false);
}
