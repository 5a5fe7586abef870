using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Telemetry;
using FunnelAutomation.Application.Timeline;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Application.Leads;

/// <summary>Lead capture: a submission becomes one scored, routed lead with a running journey. Safe to
/// run twice for the same submission, and for two submissions of the same person at once.</summary>
public sealed partial class LeadIntakeService(
    ILeadStore leads,
    IActionStore actions,
    IRoutingStateStore routing,
    IJourneyRunner journeys,
    ISuppressionList suppressions,
    ConfigurationService configuration,
    TimeProvider time,
    ILogger<LeadIntakeService> logger,
    ILeadEventLog? events = null)
{
    private const int MaxRescorePasses = 3;

    /// <summary>The form_submitted action's data entry naming the submission (the message) that logged it.</summary>
    private const string SubmissionIdData = "submissionId";

    /// <summary>Validates a submission before it is accepted (queued): every field error, or the lead id
    /// it will be stored under.</summary>
    public static Result<string> Validate(IReadOnlyDictionary<string, string?> fields)
    {
        var profile = LeadSubmissionValidator.Validate(fields);
        return profile.IsSuccess
            ? Result<string>.Success(LeadId.ForEmail(profile.Value.Email))
            : Result<string>.Failure(profile.Errors);
    }

    public async Task<(IntakeOutcome Outcome, Lead Lead)> ProcessAsync(LeadSubmitted submission, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var validated = LeadSubmissionValidator.Validate(submission.Fields);
        if (!validated.IsSuccess)
        {
            FunnelMetrics.Count(FunnelMetrics.LeadsRejected, "stage", "intake");
            throw new InvalidInputException(validated.Errors);
        }

        var profile = validated.Value;
        var leadId = LeadId.ForEmail(profile.Email);
        using var span = FunnelTelemetry.Start("lead intake", System.Diagnostics.ActivityKind.Internal, traceParent: null, leadId);
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        // Posts of the same fields within moments are one submission, and so is a row imported again (see
        // SubmissionKey): the id collides in the action log however the duplicates race, so form_submitted counts once.
        var action = new CustomerAction(submission.ActionId(), CustomerActionTypes.FormSubmitted, submission.ReceivedAt)
        {
            Data = new Dictionary<string, string> { ["source"] = profile.Source, [SubmissionIdData] = submission.SubmissionId },
        };
        var history = await actions.ListAsync(leadId, cancellationToken).ConfigureAwait(false);
        var fresh = !submission.RepeatsEarlier(history)
            && await actions.AppendAsync(leadId, action, cancellationToken).ConfigureAwait(false);
        if (fresh)
        {
            history = [.. history, action];
        }

        // A first submission (nothing in the log before it) is routed before its write, so the new lead is stored
        // scored and assigned at once: one lead write and one funnel projection instead of two (issue 14). Should the
        // lead exist after all (a concurrent submission created it), the write merges and the assignment is withdrawn.
        var routed = fresh && history.Count == 1
            ? await RouteAsync(config, profile, config.Score(profile, history, now, null), cancellationToken).ConfigureAwait(false)
            : null;
        var created = false;
        Lead lead;
        for (var pass = 0; ; pass++)
        {
            var scored = history;
            var first = pass == 0;
            Func<Lead?, Lead?> write = current =>
            {
                created = first ? current is null : created;
                var merged = current is null ? profile : LeadSubmissionMerge.Merge(current.Profile, profile);
                var score = config.Score(merged, scored, now, current);
                if (current is not null)
                {
                    return current with { Profile = merged, Score = score, UpdatedAt = now };
                }

                var pipeline = config.Pipeline(null);
                var progress = PipelineProgress.Enter(pipeline, now, CustomerActionTypes.FormSubmitted);
                var newLead = new Lead
                {
                    Id = leadId,
                    Profile = merged,
                    CreatedAt = now,
                    UpdatedAt = now,
                    Score = score,
                    PipelineId = progress.PipelineId,
                    Stage = progress.Stage,
                    Status = progress.Status,
                    History = progress.History,
                };
                return routed is null ? newLead : Assigned(newLead, routed, now);
            };
            // A first submission most likely creates the lead: inserted without a read (issue 14).
            lead = await (routed is not null && first ? leads.CreateOrUpdateAsync(leadId, write, cancellationToken) : leads.UpdateAsync(leadId, write, cancellationToken)).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The lead store returned no lead.");

            // Another submission of this lead may have been appended after our read and its write overtaken by
            // ours (last writer wins): score again until the stored score saw the whole log. Not when this write
            // created the lead: every other submission then writes after it and reads the log again itself.
            if (created)
            {
                break;
            }

            history = await actions.ListAsync(leadId, cancellationToken).ConfigureAwait(false);
            if (pass == MaxRescorePasses || history.Count == scored.Count)
            {
                break;
            }
        }

        // The new lead's timeline events (scored, routed) are written together: one request, not one each.
        var timeline = new List<LeadEvent>(2);
        bool? suppressed = null;
        if (created)
        {
            suppressed = await suppressions.LiftErasureAsync(lead.Profile.Email, cancellationToken).ConfigureAwait(false);
            if (lead.Score is { } score)
            {
                timeline.Add(new LeadEvent(lead.Id, lead.Id + ":scored", LeadEventKinds.Scored, lead.CreatedAt, $"scored {score.Total} (grade {score.Grade}, {score.Priority.ToString().ToLowerInvariant()} priority)")
                {
                    Details = LeadTimeline.ScoreDetails(score),
                });
            }
        }

        if (routed is not null && !created && routed.RepId is { } unused)
        {
            await routing.UpdateAsync(state => (state.WithAssignmentWithdrawn(unused), 0), cancellationToken).ConfigureAwait(false);
        }

        if (created && routed is not null)
        {
            AddRouted(timeline, lead, now);
        }
        else if (lead.OwnerRepId is null && lead.AssignmentQueue is null)
        {
            lead = await AssignAsync(config, lead, timeline, cancellationToken).ConfigureAwait(false);
        }

        if (events is not null && timeline.Count > 0)
        {
            await events.AppendAllAsync(timeline, cancellationToken).ConfigureAwait(false);
        }

        // Always (re)start: after a crash between storing the lead and starting its journey, the redelivered
        // submission must still start it. A journey that already runs ignores a second start.
        if (created)
        {
            await journeys.StartAsync(JourneyStarts.For(lead, now), new CreatedLead(lead, suppressed), cancellationToken).ConfigureAwait(false);
            LogCreated(logger, lead.Id, lead.Score!.Grade.ToString(), lead.OwnerRepId ?? lead.AssignmentQueue);
            FunnelMetrics.Count(FunnelMetrics.LeadsProcessed, "outcome", "created");
            return (IntakeOutcome.Created, lead);
        }

        await journeys.StartAsync(JourneyStarts.For(lead, now), cancellationToken).ConfigureAwait(false);

        // A redelivery of this very message may follow a crash between the log's append and the journey's events:
        // tell the journey again (it drops an action it has seen). Another post of the same fields (a double click,
        // a re-imported row) was told by its own processing.
        var redelivery = !fresh && history.Any(a => a.Id == action.Id && a.Data.GetValueOrDefault(SubmissionIdData) == submission.SubmissionId);
        if (fresh || redelivery)
        {
            await journeys.RaiseAsync(lead.Id, new LeadRescored(now, lead.Score!.Total, lead.Score.Grade), cancellationToken).ConfigureAwait(false);
            await journeys.RaiseAsync(lead.Id, new CustomerActed(now, action), cancellationToken).ConfigureAwait(false);
        }

        if (!fresh)
        {
            FunnelMetrics.Count(FunnelMetrics.LeadsProcessed, "outcome", "duplicate");
            return (IntakeOutcome.Duplicate, lead);
        }

        LogUpdated(logger, lead.Id);
        FunnelMetrics.Count(FunnelMetrics.LeadsProcessed, "outcome", "updated");
        return (IntakeOutcome.Updated, lead);
    }

    /// <summary>Assigns a stored lead that has no owner yet (a lead that existed before its first submission, or
    /// a redelivered one stored before a crash), unless a concurrent submission assigned it first.</summary>
    private async Task<Lead> AssignAsync(FunnelConfiguration config, Lead lead, List<LeadEvent> timeline, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var decision = await RouteAsync(config, lead.Profile, lead.Score!, cancellationToken).ConfigureAwait(false);
        var assigned = await leads.UpdateAsync(lead.Id, current => current is null || current.OwnerRepId is not null || current.AssignmentQueue is not null
            ? current
            : Assigned(current, decision, now), cancellationToken).ConfigureAwait(false) ?? lead;
        AddRouted(timeline, assigned, now);
        return assigned;
    }

    /// <summary>Moves the rep loads and the team's cursor for one lead, and returns the decision.</summary>
    private Task<RoutingDecision> RouteAsync(FunnelConfiguration config, LeadProfile profile, LeadScore score, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return routing.UpdateAsync(state =>
        {
            var d = config.Router.Route(profile, score, state, now);
            return (d.State, d);
        }, cancellationToken);
    }

    private static Lead Assigned(Lead lead, RoutingDecision decision, DateTimeOffset now) => lead with
    {
        OwnerRepId = decision.RepId,
        AssignmentQueue = decision.IsAssigned ? null : decision.FallbackQueue,
        RoutingExplanation = decision.Explanation,
        AssignedAt = now,
        UpdatedAt = now,
    };

    private static void AddRouted(List<LeadEvent> timeline, Lead assigned, DateTimeOffset now)
    {
        if ((assigned.OwnerRepId ?? assigned.AssignmentQueue) is not null)
        {
            // As stored: a concurrent submission may have assigned it first, and its explanation is the one kept.
            timeline.Add(new LeadEvent(assigned.Id, assigned.Id + ":routed", LeadEventKinds.Routed, assigned.AssignedAt ?? now, LeadTimeline.RoutedSummary(assigned.OwnerRepId, assigned.AssignmentQueue))
            {
                Details = assigned.RoutingExplanation,
            });
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {LeadId} created: grade {Grade}, assigned to {Assignee}")]
    private static partial void LogCreated(ILogger logger, string leadId, string grade, string? assignee);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lead {LeadId} updated by a new submission")]
    private static partial void LogUpdated(ILogger logger, string leadId);
}
