using FunnelAutomation.Application.Email;
using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Privacy;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Host.Infrastructure;

namespace FunnelAutomation.Host.Privacy;

/// <summary>GDPR erase, the unsubscribe link, and the dev outbox.</summary>
internal static class PrivacyEndpoints
{
    public static void MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/api/people/{email}", async (string email, PersonalDataEraser eraser, CancellationToken ct) =>
        {
            if (!EmailAddress.IsValid(email))
            {
                return Problems.Validation("email", "not a valid email address");
            }

            var report = await eraser.ErasePersonAsync(email, ct).ConfigureAwait(false);
            return Results.Ok(new
            {
                erased = true,
                report.LeadId,
                report.LeadDeleted,
                report.ActionsDeleted,
                report.EmailsDeleted,
                report.JourneyDeleted,
                suppressed = "kept as a hash so the address is never mailed again",
            });
        }).AddEndpointFilter<FunctionKeyFilter>().WithSummary("Erase a person (lead, actions, emails, journey); keep only a hashed suppression entry.");

        // GET from the link in the email; POST from mail clients' one-click button (List-Unsubscribe-Post).
        app.MapMethods("/api/unsubscribe", ["GET", "POST"], async (string? token, UnsubscribeService unsubscribe, CancellationToken ct) =>
        {
            var error = await unsubscribe.UnsubscribeAsync(token, ct).ConfigureAwait(false);
            return error is null
                ? Results.Content("<!doctype html><title>Unsubscribed</title><main><h1>You are unsubscribed</h1><p>You will not receive these emails again.</p></main>", "text/html")
                : Problems.Validation("token", error);
        }).AllowAnonymous().DisableAntiforgery().WithSummary("One-click unsubscribe from a signed, expiring link.");

        app.MapGet("/api/outbox", async (int? take, FunnelStorage storage, CancellationToken ct) =>
            Results.Ok(await storage.SentEmails.ListOutboxAsync(Math.Clamp(take ?? 50, 1, 500), ct).ConfigureAwait(false)))
            .AddEndpointFilter<FunctionKeyFilter>().WithSummary("Emails sent (or, without a SendGrid key, kept in the dev outbox), newest first.");
    }
}
