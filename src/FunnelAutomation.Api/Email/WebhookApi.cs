using FunnelAutomation.Application.Email;
using FunnelAutomation.Azure.Email;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Api.Email;

/// <summary>The SendGrid Event Webhook: anonymous like SendGrid's posts, but every post must carry a valid
/// signature (ECDSA over the exact body, checked with SendGrid's RequestValidator) or it is refused and changes nothing.</summary>
public static class WebhookApi
{
    /// <summary>SendGrid batches events; a busy minute stays well under this.</summary>
    public const int MaxPayloadBytes = 4 * 1024 * 1024;

    public static void MapWebhookApi(this IEndpointRouteBuilder api)
    {
        api.MapPost(ApiRoutes.SendGridWebhook, HandleAsync).AllowAnyCaller()
            .Accepts<object>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("SendGridWebhook").WithSummary("SendGrid Event Webhook (signed): delivered, open, click, bounce, unsubscribe, spam report.");
    }

    /// <summary>Without a configured verification key every post is refused with 503 and Retry-After: SendGrid
    /// retries a 5xx, so its events wait until the key is set instead of being accepted unverified or dropped.</summary>
    public static async Task<Results<Ok<EmailEventSummary>, ProblemHttpResult, Problems.RetryLater>> HandleAsync(
        HttpRequest request, IServiceProvider services, EmailEventService events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(events);
        if (services.GetService<SendGridWebhookVerifier>() is not { } verifier)
        {
            return Problems.Unavailable("No SendGrid verification key is configured (SendGrid:WebhookPublicKey); posts cannot be trusted, nothing was recorded.", 300);
        }

        var (body, problem) = await ApiBodies.ReadTextAsync(request, MaxPayloadBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var verification = verifier.Verify(body!, request.Headers[SendGridWebhookVerifier.SignatureHeader].FirstOrDefault(), request.Headers[SendGridWebhookVerifier.TimestampHeader].FirstOrDefault());
        if (!verification.IsValid)
        {
            return Problems.BadSignature(verification.Error ?? "The signature did not verify.");
        }

        var parsed = SendGridEventParser.Parse(body!);
        if (!parsed.IsSuccess)
        {
            return Problems.Validation(parsed.Errors, "The event batch is malformed; nothing was recorded.");
        }

        return TypedResults.Ok(await events.HandleAsync([.. parsed.Value.Select(e => e.ToEmailEvent())], cancellationToken).ConfigureAwait(false));
    }
}
