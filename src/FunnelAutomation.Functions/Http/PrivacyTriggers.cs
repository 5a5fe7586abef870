using FunnelAutomation.Api;
using FunnelAutomation.Api.Email;
using FunnelAutomation.Api.Privacy;
using FunnelAutomation.Application.Email;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Azure.Privacy;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Http;

/// <summary>GDPR erase, the unsubscribe link, the dev outbox and the SendGrid webhook, as HTTP triggers over the
/// shared <see cref="PrivacyApi"/> and <see cref="WebhookApi"/> handlers.</summary>
public sealed class PrivacyTriggers(
    PersonalDataEraser eraser,
    UnsubscribeService unsubscribe,
    ISentEmailLog sent,
    EmailEventService events,
    IServiceProvider services,
    DurableClientScope durable)
{
    [Function("ErasePerson")]
    public async Task<IResult> EraseAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ApiRoutes.Person)] HttpRequest request, string email,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        durable.Use(client);
        // The Functions host hands the route segment over still escaped; the Host's routing has decoded it already.
        return await PrivacyApi.EraseAsync(Uri.UnescapeDataString(email ?? string.Empty), eraser, cancellationToken).ConfigureAwait(false);
    }

    [Function("Unsubscribe")]
    public async Task<IResult> UnsubscribeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = ApiRoutes.Unsubscribe)] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        durable.Use(client);
        return await PrivacyApi.UnsubscribeAsync(request.Query["token"], unsubscribe, cancellationToken).ConfigureAwait(false);
    }

    [Function("ListOutbox")]
    public async Task<IResult> OutboxAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Outbox)] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await PrivacyApi.OutboxAsync(request.Query["take"], sent, cancellationToken).ConfigureAwait(false);
    }

    [Function("SendGridWebhook")]
    public async Task<IResult> WebhookAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.SendGridWebhook)] HttpRequest request,
        [DurableClient] DurableTaskClient client, CancellationToken cancellationToken)
    {
        durable.Use(client);
        return await WebhookApi.HandleAsync(request, services, events, cancellationToken).ConfigureAwait(false);
    }
}
