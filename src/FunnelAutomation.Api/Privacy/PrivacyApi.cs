using FunnelAutomation.Application.Email;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Azure.Privacy;
using FunnelAutomation.Core.Leads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace FunnelAutomation.Api.Privacy;

/// <summary>GDPR erase, the unsubscribe link, and the dev outbox.</summary>
public static class PrivacyApi
{
    public const int DefaultOutboxTake = 50;

    private const string UnsubscribedPage =
        "<!doctype html><title>Unsubscribed</title><main><h1>You are unsubscribed</h1><p>You will not receive these emails again.</p></main>";

    public static void MapPrivacyApi(this IEndpointRouteBuilder api)
    {
        api.MapDelete(ApiRoutes.Person, EraseAsync).RequireFunctionKey()
            .WithName("ErasePerson").WithSummary("Erase a person (lead, actions, emails, journey); keep only a hashed suppression entry.");

        // GET from the link in the email; POST from mail clients' one-click button (List-Unsubscribe-Post).
        api.MapMethods(ApiRoutes.Unsubscribe, [HttpMethods.Get, HttpMethods.Post], UnsubscribeAsync).AllowAnyCaller().DisableAntiforgery()
            .WithName("Unsubscribe").WithSummary("One-click unsubscribe from a signed, expiring link.");

        api.MapGet(ApiRoutes.Outbox, OutboxAsync).RequireFunctionKey()
            .WithName("ListOutbox").WithSummary("Emails sent (or, without a SendGrid key, kept in the dev outbox), newest first.");
    }

    /// <summary>Erases the lead, its actions, emails and the journey's Durable instance (terminated and purged: its
    /// history holds the journey state); keeps only a hashed suppression entry.</summary>
    public static async Task<Results<Ok<ErasureAnswer>, ProblemHttpResult>> EraseAsync(string email, PersonalDataEraser eraser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(eraser);
        if (!EmailAddress.IsValid(email))
        {
            return Problems.Validation("email", "not a valid email address");
        }

        var report = await eraser.ErasePersonAsync(email, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new ErasureAnswer(report.LeadId, report.LeadDeleted, report.ActionsDeleted, report.EmailsDeleted, report.JourneyDeleted));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> UnsubscribeAsync(string? token, UnsubscribeService unsubscribe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unsubscribe);
        var error = await unsubscribe.UnsubscribeAsync(token, cancellationToken).ConfigureAwait(false);
        return error is null ? TypedResults.Content(UnsubscribedPage, "text/html") : Problems.Validation("token", error);
    }

    /// <param name="take">How many, newest first: 1 to 500 (default 50).</param>
    public static async Task<Results<Ok<IReadOnlyList<OutboxEntry>>, ProblemHttpResult>> OutboxAsync(string? take, ISentEmailLog sent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var count = DefaultOutboxTake;
        if (!string.IsNullOrWhiteSpace(take) && !int.TryParse(take, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count))
        {
            return Problems.Validation("take", $"\"{take}\" is not a whole number (1 to 500)");
        }

        return TypedResults.Ok(await sent.ListOutboxAsync(Math.Clamp(count, 1, 500), cancellationToken).ConfigureAwait(false));
    }
}

/// <summary>What an erase removed; only a hash of the address stays, so it is never mailed again.</summary>
public sealed record ErasureAnswer(
    string LeadId,
    bool LeadDeleted,
    int ActionsDeleted,
    int EmailsDeleted,
    bool JourneyDeleted,
    bool Erased = true,
    string Suppressed = "kept as a hash so the address is never mailed again");
