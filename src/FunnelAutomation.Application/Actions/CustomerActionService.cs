using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Application.Actions;

/// <summary>Records what a prospect did: appended once to the lead's action log, the engagement score
/// refreshed, and the journey told (which advances the stage, exits sequences, reopens lost deals).</summary>
public sealed class CustomerActionService(
    ILeadStore leads,
    IActionStore actions,
    IJourneyRunner journeys,
    ConfigurationService configuration,
    TimeProvider time,
    Analytics.FunnelAnalyticsService? analytics = null)
{
    public const int MaxUrlLength = 2048;

    /// <summary>Checks an action from outside (HTTP, queue, webhook) before it is accepted.</summary>
    public static IReadOnlyList<ValidationError> Validate(CustomerAction action, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(action);
        var errors = new List<ValidationError>();
        if (!CustomerActionTypes.IsKnown(action.Type))
        {
            errors.Add(new("type", $"unknown action \"{action.Type}\"; use one of {string.Join(", ", CustomerActionTypes.All.Order(StringComparer.Ordinal))}"));
        }

        if (string.IsNullOrWhiteSpace(action.Id) || action.Id.Length > 200)
        {
            errors.Add(new("id", "required, at most 200 characters"));
        }

        if (action.Url is { Length: > MaxUrlLength })
        {
            errors.Add(new("url", $"longer than {MaxUrlLength} characters"));
        }

        if (action.OccurredAt > now.AddMinutes(5))
        {
            errors.Add(new("occurredAt", "is in the future"));
        }

        if (action.Amount is < 0)
        {
            errors.Add(new("amount", "must not be negative"));
        }

        return errors;
    }

    /// <summary>Returns false when the lead does not exist; a repeated action id is accepted but has no
    /// second effect.</summary>
    public async Task<bool> RecordAsync(string leadId, CustomerAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var errors = Validate(action, time.GetUtcNow());
        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        if (await leads.GetAsync(leadId, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return false;
        }

        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        if (action.Type == CustomerActionTypes.DealLost
            && PipelineRules.CheckLostReason(config.Pipeline(found.PipelineId), action.Reason) is { } refusal)
        {
            // Checked before the action is logged: a loss without a valid reason would close the journey while
            // the lead stayed open, and the log must not keep an action the journey never saw.
            throw new InvalidInputException([new ValidationError("reason", refusal)]);
        }

        // Logged before (a retry, or a redelivery after a crash between the log and the journey): the rest runs
        // again, so the journey hears of it (it drops an action it has seen); only the reply is not counted twice.
        var appended = await actions.AppendAsync(leadId, action, cancellationToken).ConfigureAwait(false);
        if (appended && action.Type == CustomerActionTypes.Replied && analytics is not null)
        {
            // A reply counts on the sequence email it answers (logged once above, so counted once).
            await analytics.RecordReplyAsync(leadId, action.OccurredAt, cancellationToken).ConfigureAwait(false);
        }

        var history = await actions.ListAsync(leadId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var lead = await leads.UpdateAsync(leadId, current => current is null ? null : current with
        {
            Score = config.Score(current.Profile, history, now, current),
            Amount = action.Amount ?? current.Amount,
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        if (lead?.Score is { } score)
        {
            await journeys.RaiseAsync(leadId, new LeadRescored(now, score.Total, score.Grade), cancellationToken).ConfigureAwait(false);
        }

        await journeys.RaiseAsync(leadId, new CustomerActed(now, action), cancellationToken).ConfigureAwait(false);
        return true;
    }
}
