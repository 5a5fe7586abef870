using FunnelAutomation.Application.Email;
using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Privacy;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Functions.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Http;

/// <summary>GDPR erase, the unsubscribe link, the dev outbox and the health probe.</summary>
public sealed class PrivacyFunctions(FunnelStorage storage, PersonalDataEraser eraser, UnsubscribeService unsubscribe, DurableClientScope durable)
{
    public const int DefaultOutboxTake = 50;

    /// <summary>Erases the lead, its actions, emails and the journey's Durable instance (terminated and purged: its
    /// history holds the journey state); keeps only a hashed suppression entry.</summary>
    [Function("ErasePerson")]
    public async Task<IActionResult> EraseAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "people/{email}")] HttpRequest request,
        string email,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        durable.Use(client);
        email = Uri.UnescapeDataString(email);
        if (!EmailAddress.IsValid(email))
        {
            return Problems.Validation("email", "not a valid email address");
        }

        var report = await eraser.ErasePersonAsync(email, cancellationToken).ConfigureAwait(false);
        return new OkObjectResult(new
        {
            erased = true,
            report.LeadId,
            report.LeadDeleted,
            report.ActionsDeleted,
            report.EmailsDeleted,
            report.JourneyDeleted,
            suppressed = "kept as a hash so the address is never mailed again",
        });
    }

    [Function("Unsubscribe")]
    public async Task<IActionResult> UnsubscribeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "unsubscribe")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        durable.Use(client);
        var token = request.Query["token"].FirstOrDefault();
        var error = await unsubscribe.UnsubscribeAsync(token, cancellationToken).ConfigureAwait(false);
        return error is null
            ? new ContentResult
            {
                StatusCode = StatusCodes.Status200OK,
                ContentType = "text/html",
                Content = "<!doctype html><title>Unsubscribed</title><main><h1>You are unsubscribed</h1><p>You will not receive these emails again.</p></main>",
            }
            : Problems.Validation("token", error);
    }

    [Function("ListOutbox")]
    public async Task<IActionResult> OutboxAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "outbox")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var take = int.TryParse(request.Query["take"].FirstOrDefault(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : DefaultOutboxTake;
        return new OkObjectResult(await storage.SentEmails.ListOutboxAsync(Math.Clamp(take, 1, 500), cancellationToken).ConfigureAwait(false));
    }

    [Function("Health")]
    public static IActionResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        new OkObjectResult(new { status = "ok" });
}
