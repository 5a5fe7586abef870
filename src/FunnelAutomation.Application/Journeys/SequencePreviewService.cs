using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Nurture;

namespace FunnelAutomation.Application.Journeys;

/// <summary>Previews a sequence document (validated, not activated, nothing stored) for a sample lead or a stored
/// one: the lead's facts are gathered here, the simulation is Core's <see cref="SequencePreview"/> under the active
/// pipeline and send-window settings.</summary>
public sealed class SequencePreviewService(ConfigurationService configuration, ILeadStore leads, TimeProvider time)
{
    /// <summary>Used when a sample lead gives no email (only needed to make a lead id).</summary>
    public const string SampleEmail = "sample.lead@example.com";

    /// <returns>The preview, or errors by JSON path of the request (<c>$.sequence…</c>, <c>$.lead.…</c>, <c>$.leadId</c>).</returns>
    public async Task<Result<SequencePreviewResult>> PreviewAsync(SequencePreviewRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ValidationError>();
        var sequence = SequenceDefinition.Load(request.SequenceJson);
        if (!sequence.IsSuccess)
        {
            errors.AddRange(sequence.Errors.Select(e => new ValidationError("$.sequence" + e.Path.TrimStart('$'), e.Reason)));
        }

        if ((request.Lead is null) == (request.LeadId is null))
        {
            errors.Add(new ValidationError("$.lead", "give either a sample lead (fields) or the leadId of a stored lead, not both"));
        }

        var config = await configuration.GetAsync(cancellationToken).ConfigureAwait(false);
        var start = request.Start ?? time.GetUtcNow();
        JourneyStarted? lead = null;
        if (request.LeadId is { } leadId && request.Lead is null)
        {
            lead = await leads.GetAsync(leadId, cancellationToken).ConfigureAwait(false) is { PipelineId: not null, Stage: not null } stored
                ? JourneyStarts.For(stored, start)
                : null;
            if (lead is null)
            {
                errors.Add(new ValidationError("$.leadId", $"no stored lead \"{leadId}\""));
            }
        }
        else if (request.Lead is { } fields && request.LeadId is null)
        {
            var withEmail = new Dictionary<string, string?>(fields, StringComparer.OrdinalIgnoreCase);
            if (!withEmail.TryGetValue(LeadFields.Email, out var email) || string.IsNullOrWhiteSpace(email))
            {
                withEmail[LeadFields.Email] = SampleEmail;
            }

            var profile = LeadSubmissionValidator.Validate(withEmail);
            if (profile.IsSuccess)
            {
                var pipeline = config.Pipeline(sequence.IsSuccess ? sequence.Value.Enrollment.Pipeline : null);
                var score = config.Scorer.Score(profile.Value, [], start);
                lead = new JourneyStarted(start, LeadId.ForEmail(profile.Value.Email), pipeline.Id, pipeline.Stages[0].Id, score.Total, score.Grade,
                    profile.Value.Source, null, profile.Value.TimeZone, profile.Value.Country);
            }
            else
            {
                errors.AddRange(profile.Errors.Select(e => new ValidationError("$.lead." + e.Path, e.Reason)));
            }
        }

        if (errors.Count > 0)
        {
            return Result<SequencePreviewResult>.Failure(errors);
        }

        return Result<SequencePreviewResult>.Success(
            SequencePreview.Run(sequence.Value, config.Pipeline(lead!.PipelineId), config.JourneySettings, lead, request.Assumptions));
    }
}

/// <param name="SequenceJson">The sequence document as sent (not yet activated).</param>
/// <param name="Lead">Sample lead fields, as a lead form posts them (email optional).</param>
/// <param name="LeadId">Or a stored lead.</param>
/// <param name="Start">When the lead enrolls; default now.</param>
public sealed record SequencePreviewRequest(
    string SequenceJson,
    IReadOnlyDictionary<string, string?>? Lead,
    string? LeadId,
    DateTimeOffset? Start,
    PreviewAssumptions Assumptions);
