using FunnelAutomation.Functions.Contracts;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Http;

/// <summary>Erasure requests and the dev outbox.</summary>
public sealed class PrivacyFunctions(IPrivacyService privacy, IDevOutbox outbox, DurableClientScope durable)
{
    public const int DefaultOutboxTake = 50;

    [Function("ErasePerson")]
    public async Task<IActionResult> EraseAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "people/{email}")] HttpRequest request,
        string email,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        durable.Use(client);
        var erased = await privacy.EraseAsync(Uri.UnescapeDataString(email), cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(new { erased });
    }

    [Function("ListOutbox")]
    public async Task<IActionResult> OutboxAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "outbox")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var take = RequestBodies.QueryInt(request, "take") ?? DefaultOutboxTake;
        if (take is < 1 or > 500)
        {
            return Problems.BadRequest("'take' must be between 1 and 500.");
        }

        return new OkObjectResult(await outbox.ListAsync(take, cancellationToken).ConfigureAwait(false));
    }
}
