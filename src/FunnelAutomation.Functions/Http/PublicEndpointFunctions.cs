using System.Net;
using FunnelAutomation.Functions.Contracts;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Http;

/// <summary>The endpoints outsiders call without a function key: SendGrid's Event Webhook (it proves itself
/// with a signature instead) and the unsubscribe link in every email (it carries a signed token).</summary>
public sealed class PublicEndpointFunctions(
    ISendGridWebhookService webhook,
    IUnsubscribeService unsubscribe,
    DurableClientScope durable)
{
    [Function("SendGridWebhook")]
    public async Task<IActionResult> SendGridAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/sendgrid")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        durable.Use(client);
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var outcome = await webhook.HandleAsync(body, headers, cancellationToken).ConfigureAwait(false);
        return outcome.Authentic
            ? new OkObjectResult(new { recorded = outcome.Recorded, rejected = outcome.Rejected })
            : Problems.Unauthorized("The SendGrid signature did not verify.");
    }

    [Function("Unsubscribe")]
    public async Task<IActionResult> UnsubscribeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unsubscribe")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        durable.Use(client);
        var token = request.Query["token"].ToString();
        if (token.Length == 0)
        {
            return Problems.BadRequest("The unsubscribe link has no token.");
        }

        var result = await unsubscribe.HandleAsync(token, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            return Problems.Validation(result.Errors, "The unsubscribe link is not valid.");
        }

        // A person clicks this link in a mail client: answer with a page, not JSON.
        var email = WebUtility.HtmlEncode(result.Value);
        return new ContentResult
        {
            StatusCode = StatusCodes.Status200OK,
            ContentType = "text/html; charset=utf-8",
            Content = $"<!doctype html><html lang=\"en\"><title>Unsubscribed</title><p>{email} will receive no more emails from us.</p></html>",
        };
    }
}
