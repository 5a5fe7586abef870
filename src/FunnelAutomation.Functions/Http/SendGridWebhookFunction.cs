using FunnelAutomation.Application.Email;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Functions.Http;

/// <summary>SendGrid's Event Webhook (anonymous: it proves itself with an ECDSA signature over the exact body).
/// Without a configured public key every post is refused with 503, so SendGrid keeps retrying until the key
/// is set instead of events being accepted unverified.</summary>
public sealed class SendGridWebhookFunction(IServiceProvider services, EmailEventService events, DurableClientScope durable)
{
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    [Function("SendGridWebhook")]
    public async Task<IActionResult> HandleAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/sendgrid")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        durable.Use(client);
        if (services.GetService<SendGridWebhookVerifier>() is not { } verifier)
        {
            return Problems.Unavailable($"The SendGrid webhook public key is not configured ({AppSettingNames.SendGridWebhookPublicKey}); nothing was recorded.", 300);
        }

        var (body, tooLarge) = await HttpBodies.ReadTextAsync(request, MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (tooLarge)
        {
            return Problems.TooLarge(MaxBodyBytes);
        }

        var verified = verifier.Verify(body!, request.Headers[SendGridWebhookVerifier.SignatureHeader].FirstOrDefault(), request.Headers[SendGridWebhookVerifier.TimestampHeader].FirstOrDefault());
        if (!verified.IsValid)
        {
            return Problems.Unauthorized("The SendGrid signature did not verify: " + verified.Error);
        }

        var parsed = SendGridEventParser.Parse(body!);
        if (!parsed.IsSuccess)
        {
            return Problems.Validation(parsed.Errors, "The webhook body is invalid; nothing was recorded.");
        }

        var summary = await events.HandleAsync([.. parsed.Value.Select(e => e.ToEmailEvent())], cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(summary);
    }
}
