using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Nurture;

namespace FunnelAutomation.Application.Leads;

/// <summary>What <c>GET /api/leads/{id}</c> shows: the lead with its score breakdown, routing reasons,
/// stage history and where its journey stands. Shared by both hosts so the payload is the same.</summary>
public static class LeadView
{
    public static object Of(Lead lead, JourneyState? journey, SequenceCatalog sequences) => new
    {
        lead.Id,
        lead.Profile,
        score = lead.Score is null ? null : new
        {
            lead.Score.Total,
            grade = lead.Score.Grade.ToString(),
            priority = lead.Score.Priority.ToString().ToLowerInvariant(),
            lead.Score.ModelVersion,
            breakdown = lead.Score.Breakdown.Select(c => new { c.Rule, category = c.Category.ToString().ToLowerInvariant(), c.Points, c.Reason }),
            // Next to the rules: the win model's probability and the reasons it gives, when it took part.
            prediction = lead.Score.Prediction is not { } p ? null : new
            {
                p.Probability,
                p.ModelVersion,
                p.Weight,
                p.RuleTotal,
                topContributions = p.TopContributions.Select(c => new { c.Feature, c.Effect, c.Reason }),
            },
        },
        owner = lead.OwnerRepId,
        queue = lead.AssignmentQueue,
        routing = lead.RoutingExplanation,
        pipeline = lead.PipelineId,
        stage = lead.Stage,
        status = lead.Status.ToString().ToLowerInvariant(),
        lead.LostReason,
        lead.Amount,
        lead.CreatedAt,
        lead.UpdatedAt,
        history = lead.History,
        journey = journey is null ? null : Journey(journey, sequences),
    };

    private static object Journey(JourneyState state, SequenceCatalog sequences)
    {
        var enrollment = state.Enrollment;
        var sequence = enrollment is null ? null : sequences.Find(enrollment.SequenceId, enrollment.Version);
        var nextStep = enrollment is not null && sequence is not null && enrollment.StepIndex < sequence.Steps.Count
            ? sequence.Steps[enrollment.StepIndex].Id
            : null;
        return new
        {
            activeSequence = enrollment?.SequenceId,
            sequenceVersion = enrollment?.Version,
            nextStep,
            nextStepAt = enrollment?.NextStepAt,
            slaDueAt = state.SlaDueAt,
            reactivateAt = state.ReactivateAt,
            suppressed = state.Suppressed,
            completed = state.Completed,
            pastSequences = state.PastSequences,
        };
    }
}
