using System.Globalization;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Core.Analytics;
using FunnelAutomation.Application.Email;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Reps;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Application.Telemetry;

namespace FunnelAutomation.Application.Journeys;

/// <summary>Carries out the decider's commands against the stores and the email sender. Emails are made
/// idempotent by the sender alone, by their command key (one guard per effect, issue 14). The journey is the
/// authority for a lead's stage, status and owner; the lead row is its projection: stage moves are recorded
/// as the decider decided them, without asking the pipeline rules again (<see cref="LeadProjection"/>), and
/// are idempotent because an already recorded move writes nothing.</summary>
public sealed class JourneyCommandExecutor(
    ILeadStore leads,
    IRepStore reps,
    IActionStore actions,
    IRoutingStateStore routing,
    IEmailSender sender,
    ConfigurationService configuration,
    EmailRenderer renderer,
    FunnelOptions options,
    TimeProvider time,
    FunnelAnalyticsService? analytics = null,
    ILeadEventLog? events = null) : IJourneyCommandExecutor
{
    private readonly UnsubscribeTokens _tokens = new(options.UnsubscribeSigningKey);
    private readonly RepLinks _repLinks = new(options);

    public Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CancellationToken cancellationToken) =>
        ExecuteAsync(command, created: null, cancellationToken);

    public async Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CreatedLead? created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command)
        {
            case SendEmail send:
                await SendNurtureAsync(send, created?.Lead.Id == send.LeadId ? created : null, cancellationToken).ConfigureAwait(false);
                return [];
            case NotifyRep notify:
                await NotifyAsync(notify.Key, notify.LeadId, notify.RepId, toManager: false, "Lead update", notify.Message, cancellationToken).ConfigureAwait(false);
                return [];
            case NotifyManager notify:
                await NotifyAsync(notify.Key, notify.LeadId, notify.RepId, toManager: true, "SLA missed", notify.Message, cancellationToken).ConfigureAwait(false);
                return [];
            case CreateTask task:
                var due = task.DueAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
                await NotifyAsync(task.Key, task.LeadId, task.RepId, toManager: false, "Follow-up task", $"{task.Title} (due {due})", cancellationToken).ConfigureAwait(false);
                return [];
            case EmailDeferred deferred:
                FunnelMetrics.Email("deferred");
                await RecordAsync(deferred.Key, deferred.LeadId, LeadEventKinds.Email, deferred.At,
                    $"email {deferred.StepId} deferred until {deferred.Until.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}: {deferred.Reason}",
                    new Dictionary<string, string>
                    {
                        ["outcome"] = "deferred",
                        ["sequenceId"] = deferred.SequenceId,
                        ["stepId"] = deferred.StepId,
                        ["until"] = deferred.Until.ToString("O", CultureInfo.InvariantCulture),
                        ["reason"] = deferred.Reason,
                    }, cancellationToken).ConfigureAwait(false);
                return [];
            case Enroll enroll:
                var winBack = (await configuration.GetAsync(cancellationToken).ConfigureAwait(false)).Sequences.Find(enroll.SequenceId, enroll.SequenceVersion) is { IsWinBack: true };
                await RecordAsync(enroll.Key, enroll.LeadId, winBack ? LeadEventKinds.Reactivated : LeadEventKinds.Sequence, time.GetUtcNow(),
                    winBack ? $"reactivation: enrolled in win-back sequence {enroll.SequenceId} v{enroll.SequenceVersion}" : $"enrolled in sequence {enroll.SequenceId} v{enroll.SequenceVersion}",
                    new Dictionary<string, string> { ["sequenceId"] = enroll.SequenceId, ["enrollmentId"] = enroll.EnrollmentId }, cancellationToken).ConfigureAwait(false);
                return [];
            case ExitSequence exit:
                await RecordAsync(exit.Key, exit.LeadId, LeadEventKinds.Sequence, time.GetUtcNow(), $"left sequence {exit.SequenceId}: {exit.Reason}",
                    new Dictionary<string, string> { ["sequenceId"] = exit.SequenceId, ["enrollmentId"] = exit.EnrollmentId }, cancellationToken).ConfigureAwait(false);
                return [];
            case AdvanceStage or MarkLost or ReopenLead:
                await MoveAsync(command, cancellationToken).ConfigureAwait(false);
                return [];
            case Reassign reassign:
                return await ReassignAsync(reassign, cancellationToken).ConfigureAwait(false);
            case Rescore rescore:
                return await RescoreAsync(rescore, cancellationToken).ConfigureAwait(false);
            default:
                // WakeAt/Complete belong to the runner.
                return [];
        }
    }

    /// <summary>The email of a step. <paramref name="created"/>: the lead as its intake just wrote it, with what that
    /// read of the address's suppression, so neither is read again (issue 14).</summary>
    private async Task SendNurtureAsync(SendEmail send, CreatedLead? created, CancellationToken cancellationToken)
    {
        var lead = created?.Lead ?? await leads.GetAsync(send.LeadId, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return; // erased: never mailed
        }

        send = await WithWinnerAsync(send, cancellationToken).ConfigureAwait(false);

        var now = time.GetUtcNow();
        var unsubscribeUrl = $"{options.PublicBaseUrl.TrimEnd('/')}/api/unsubscribe?token={Uri.EscapeDataString(_tokens.Create(lead.Id, now + options.UnsubscribeLinkLifetime, send.SequenceId, send.StepId))}";
        var fields = EmailRenderer.MergeFields(lead.Profile, unsubscribeUrl);
        var templateData = new Dictionary<string, string>(fields, StringComparer.Ordinal);
        foreach (var (name, value) in send.TemplateData)
        {
            templateData[name] = value;
        }

        var customArgs = new Dictionary<string, string>
        {
            ["leadId"] = send.LeadId,
            ["enrollmentId"] = send.EnrollmentId,
            ["sequenceId"] = send.SequenceId,
            ["sequenceVersion"] = send.SequenceVersion.ToString(CultureInfo.InvariantCulture),
            ["stepId"] = send.StepId,
        };
        if (send.VariantId is { } variantId)
        {
            customArgs["variantId"] = variantId; // echoed by SendGrid's events, so opens and clicks count on the variant
        }

        var email = new OutgoingEmail
        {
            IdempotencyKey = send.Key,
            To = lead.Profile.Email,
            ToName = FullName(lead.Profile),
            Subject = send.Subject is null ? null : renderer.Render(send.Subject, fields),
            HtmlBody = send.Body is null ? null : renderer.Render(send.Body, fields)
                + $"<p style=\"font-size:12px\"><a href=\"{unsubscribeUrl}\">Unsubscribe</a></p>",
            TemplateId = send.TemplateId,
            TemplateData = templateData,
            Categories = ["nurture", send.SequenceId],
            CustomArgs = customArgs,
            UnsubscribeUrl = unsubscribeUrl,
            KnownSuppressed = created?.AddressSuppressed,
        };
        // The sender's suppression check and key guard are the email's only ones (issue 14: one lookup per email).
        var result = await SendOrThrowAsync(email, cancellationToken).ConfigureAwait(false);
        if (result.SentBefore)
        {
            // A retried command whose email an earlier attempt handed over: counted then. Should that attempt have
            // died between the send and its count, the count is lost rather than doubled, as for conversions.
            return;
        }

        if (result.Suppressed)
        {
            FunnelMetrics.Email("suppressed");
            await RecordAsync(send.Key + ":suppressed", send.LeadId, LeadEventKinds.Email, time.GetUtcNow(),
                $"email {send.StepId} not sent: the address is suppressed (unsubscribed, bounced or reported spam)",
                new Dictionary<string, string> { ["outcome"] = "suppressed", ["sequenceId"] = send.SequenceId, ["stepId"] = send.StepId }, cancellationToken).ConfigureAwait(false);
            return;
        }

        FunnelMetrics.Email("sent");
        if (analytics is not null)
        {
            await analytics.RecordEmailEventAsync(send.SequenceId, send.StepId, EmailEventType.Sent, send.LeadId, now, send.VariantId, leadIsNew: created is not null, cancellationToken).ConfigureAwait(false);
        }
    }

    // The journey chose the lead's variant by hash; once the step's A/B test has a winner, every later send is the
    // winner instead. The email's key stays the step's, so a lead still gets one email for the step.
    private async Task<SendEmail> WithWinnerAsync(SendEmail send, CancellationToken cancellationToken)
    {
        if (send.VariantId is null || analytics is null)
        {
            return send;
        }

        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        if (config.Sequences.Find(send.SequenceId, send.SequenceVersion) is not { } sequence
            || sequence.IndexOf(send.StepId) is not (>= 0 and var index) || sequence.Steps[index] is not Core.Nurture.EmailStep step
            || await analytics.WinnerAsync(send.SequenceId, step, cancellationToken).ConfigureAwait(false) is not { } winner
            || winner.WinnerVariantId == send.VariantId)
        {
            return send;
        }

        return send.WithVariant(step.Variants.First(v => v.Id == winner.WinnerVariantId));
    }

    private async Task NotifyAsync(string key, string leadId, string repId, bool toManager, string subject, string message, CancellationToken cancellationToken)
    {
        var rep = await reps.GetAsync(repId, cancellationToken).ConfigureAwait(false);
        var to = toManager ? rep?.ManagerEmail : rep?.Email;
        if (to is null)
        {
            return; // a rep removed since, or no manager on file: nobody to tell
        }

        var lead = await leads.GetAsync(leadId, cancellationToken).ConfigureAwait(false);
        var who = lead is null ? leadId : $"{FullName(lead.Profile) ?? "a lead"} at {lead.Profile.Company ?? lead.Profile.AccountDomain}";
        // The rep's own page, signed for them: /api/leads/{id} needs the function key, which a rep does not hold.
        var link = System.Net.WebUtility.HtmlEncode(_repLinks.Create(repId, time.GetUtcNow(), leadId).Url);
        await SendOrThrowAsync(new OutgoingEmail
        {
            IdempotencyKey = key,
            To = to,
            ToName = toManager ? null : rep!.Name,
            Subject = $"{subject}: {who}",
            HtmlBody = $"<p>{System.Net.WebUtility.HtmlEncode(message)}</p><p><a href=\"{link}\">Open the lead</a></p>",
            Categories = ["notification"],
            CustomArgs = new Dictionary<string, string> { ["leadId"] = leadId, ["repId"] = repId },
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<EmailSendResult> SendOrThrowAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        var result = await sender.SendAsync(email, cancellationToken).ConfigureAwait(false);
        if (!result.Sent && result.RetryAfter is not null)
        {
            // A SendGrid outage or a neighbour mid-send: the decision activity fails this attempt and the engine
            // retries it with back-off (the claim prevents a double send).
            throw new InvalidOperationException($"Email {email.IdempotencyKey} was not sent yet: {result.Error}");
        }

        if (!result.Sent)
        {
            // Thrown so the runner retries the command later; the idempotency key prevents a double send.
            throw new InvalidOperationException($"Email {email.IdempotencyKey} was not sent: {result.Error}");
        }

        return result;
    }

    private async Task MoveAsync(JourneyCommand move, CancellationToken cancellationToken)
    {
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        string? released = null;
        await leads.UpdateAsync(move.LeadId, current =>
        {
            released = null;
            if (current is null || LeadProjection.Apply(current, move, config.Pipeline(current.PipelineId), now) is not { } next)
            {
                return null; // no lead, or the move is already recorded: nothing to write
            }

            if (next.Status != LeadStatus.Open && current.Status == LeadStatus.Open)
            {
                released = current.OwnerRepId;
            }

            return next;
        }, cancellationToken).ConfigureAwait(false);

        if (released is not null)
        {
            await routing.UpdateAsync(state => (state.WithLeadReleased(released), 0), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<JourneyInput>> ReassignAsync(Reassign reassign, CancellationToken cancellationToken)
    {
        var lead = await leads.GetAsync(reassign.LeadId, cancellationToken).ConfigureAwait(false);
        if (lead is null)
        {
            return [];
        }

        var now = time.GetUtcNow();
        if (lead.AssignmentKey == reassign.Key)
        {
            return lead.OwnerRepId is { } done ? [new LeadAssigned(now, done)] : [];
        }

        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        var excluded = new HashSet<string>(reassign.ExcludedRepIds, StringComparer.Ordinal);
        var preferred = reassign.PreferredRepId is { } id ? await reps.GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        var (repId, queue, explanation) = await routing.UpdateAsync(state =>
        {
            if (preferred is not null && preferred.IsAvailableAt(now) && !excluded.Contains(preferred.Id))
            {
                var load = state.LoadOf(preferred.Id);
                var next = state.WithLoad(preferred.Id, new RepLoad(load.OpenLeads + 1, load.NewLeadsToday + 1));
                return (next, (preferred.Id, (string?)null, (IReadOnlyList<string>)[$"back to former owner {preferred.Id} ({reassign.Reason})"]));
            }

            var decision = lead.Score is { } score
                ? config.Router.Route(lead.Profile, score, state, now, excluded)
                : config.Router.Route(lead.Profile, Core.Scoring.Grade.C, state, now, excluded);
            IReadOnlyList<string> why = [reassign.Reason, .. decision.Explanation];
            return (decision.State, (decision.RepId, decision.IsAssigned ? null : decision.FallbackQueue, why));
        }, cancellationToken).ConfigureAwait(false);

        // Activities run at least once, so two runs of this command can both get past the check above. The
        // key is checked again inside the conditional write: one run wins; the other keeps the winner's owner
        // and gives back the load it reserved. Only the winner releases the previous owner, as the lead stood
        // when it was written, not as it was first read.
        var won = false;
        string? released = null;
        var stored = await leads.UpdateAsync(lead.Id, current =>
        {
            won = false;
            released = null;
            if (current is null || current.AssignmentKey == reassign.Key)
            {
                return null;
            }

            won = true;
            if (current.OwnerRepId is { } previous && previous != repId && current.Status == LeadStatus.Open)
            {
                released = previous;
            }

            return current with
            {
                OwnerRepId = repId,
                AssignmentQueue = queue,
                RoutingExplanation = explanation,
                AssignmentKey = reassign.Key,
                AssignedAt = now,
                UpdatedAt = now,
            };
        }, cancellationToken).ConfigureAwait(false);

        if (!won)
        {
            if (repId is not null)
            {
                await routing.UpdateAsync(state => (state.WithAssignmentWithdrawn(repId), 0), cancellationToken).ConfigureAwait(false);
            }

            return stored?.AssignmentKey == reassign.Key && stored.OwnerRepId is { } owner ? [new LeadAssigned(now, owner)] : [];
        }

        if (released is not null)
        {
            await routing.UpdateAsync(state => (state.WithLeadReleased(released), 0), cancellationToken).ConfigureAwait(false);
        }

        await RecordAsync(new LeadEvent(lead.Id, reassign.Key, LeadEventKinds.Reassigned, now, "re" + Timeline.LeadTimeline.RoutedSummary(repId, queue))
        {
            Details = explanation,
        }, cancellationToken).ConfigureAwait(false);
        return repId is null ? [] : [new LeadAssigned(now, repId)];
    }

    private async Task<IReadOnlyList<JourneyInput>> RescoreAsync(Rescore rescore, CancellationToken cancellationToken)
    {
        var leadId = rescore.LeadId;
        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        var history = await actions.ListAsync(leadId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var lead = await leads.UpdateAsync(leadId, current => current is null ? null : current with
        {
            Score = config.Score(current.Profile, history, now, current),
            UpdatedAt = now,
        }, cancellationToken).ConfigureAwait(false);
        if (lead?.Score is not { } score)
        {
            return [];
        }

        await RecordAsync(new LeadEvent(leadId, rescore.Key, LeadEventKinds.Rescored, now, $"rescored {score.Total} (grade {score.Grade})")
        {
            Details = Timeline.LeadTimeline.ScoreDetails(score),
        }, cancellationToken).ConfigureAwait(false);
        return [new LeadRescored(now, score.Total, score.Grade)];
    }

    private Task RecordAsync(string key, string leadId, string kind, DateTimeOffset at, string summary, IReadOnlyDictionary<string, string> data,
        CancellationToken cancellationToken) => RecordAsync(new LeadEvent(leadId, key, kind, at, summary) { Data = data }, cancellationToken);

    /// <summary>For the lead's timeline; keyed by the command, so a retried command records it once.</summary>
    private Task RecordAsync(LeadEvent leadEvent, CancellationToken cancellationToken) =>
        events is null ? Task.CompletedTask : events.AppendAsync(leadEvent, cancellationToken);

    private static string? FullName(LeadProfile profile)
    {
        var name = $"{profile.FirstName} {profile.LastName}".Trim();
        return name.Length == 0 ? null : name;
    }
}
