using FunnelAutomation.Application.Email;
using FunnelAutomation.Application.Http;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Host.Infrastructure;

namespace FunnelAutomation.Host.Email;

/// <summary>The SendGrid Event Webhook: anonymous like SendGrid's posts, but every post must carry a
/// valid signature (ECDSA, checked with SendGrid's RequestValidator) or it is refused and changes nothing.</summary>
internal static class WebhookEndpoints
{
    private const int MaxPayloadBytes = 1024 * 1024;

    public static void MapWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/webhooks/sendgrid", async (HttpRequest request, IServiceProvider services, EmailEventService events, CancellationToken ct) =>
        {
            var verifier = services.GetService<SendGridWebhookVerifier>();
            if (verifier is null)
            {
                return Results.Problem(type: "https://funnelautomation.dev/problems/webhook-not-configured", title: "Webhook not configured",
                    statusCode: StatusCodes.Status401Unauthorized, detail: "No SendGrid verification key is configured (SendGrid:WebhookPublicKey); posts cannot be trusted.");
            }

            var (body, tooLarge) = await BoundedBody.ReadTextAsync(request.Body, request.ContentLength, MaxPayloadBytes, ct).ConfigureAwait(false);
            if (tooLarge)
            {
                return Problems.TooLarge(MaxPayloadBytes);
            }

            var verification = verifier.Verify(body!, request.Headers[SendGridWebhookVerifier.SignatureHeader], request.Headers[SendGridWebhookVerifier.TimestampHeader]);
            if (!verification.IsValid)
            {
                return Results.Problem(type: "https://funnelautomation.dev/problems/bad-signature", title: "Signature refused",
                    statusCode: StatusCodes.Status401Unauthorized, detail: verification.Error);
            }

            var parsed = SendGridEventParser.Parse(body!);
            if (!parsed.IsSuccess)
            {
                return Problems.Validation(parsed.Errors, "The event batch is malformed; nothing was recorded.");
            }

            var summary = await events.HandleAsync([.. parsed.Value.Select(e => e.ToEmailEvent())], ct).ConfigureAwait(false);
            return Results.Ok(summary);
        }).AllowAnonymous().WithSummary("SendGrid Event Webhook (signed): delivered, open, click, bounce, unsubscribe, spam report.");
    }
}
