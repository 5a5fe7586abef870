using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Core.Journeys;

/// <summary>Projects the journey's stage moves onto the stored lead. The journey (its decider state) is the
/// authority for a lead's stage and status: the decider applied the pipeline rules when it decided the move,
/// so this does not ask them again (a second judge could refuse what the journey already acted on, leaving
/// the lead open while its journey treats it as lost). It records the move from the lead's current stage to
/// the command's, with the command's time and cause, and is idempotent: a command whose move is already
/// recorded (the same target, time and cause, as a redelivery of the same key has), or whose target the lead
/// already stands at, changes nothing.</summary>
public static class LeadProjection
{
    /// <summary>Cause recorded for a loss decided by the journey (a customer action said the deal was lost).</summary>
    public const string LostCause = "customer";

    /// <summary>The lead after <paramref name="command"/>, or null when there is nothing to write: the command
    /// moves no stage, the lead is in no pipeline, or the move is already recorded.</summary>
    public static Lead? Apply(Lead lead, JourneyCommand command, PipelineDefinition pipeline, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(pipeline);
        if (PipelineProgress.Of(lead) is not { } progress)
        {
            return null;
        }

        var moved = command switch
        {
            AdvanceStage advance => Advance(progress, advance, pipeline),
            MarkLost lost => progress.Status == LeadStatus.Lost || Recorded(progress, PipelineDefinition.LostStage, lost.At, LostCause)
                ? null
                : progress.Append(PipelineDefinition.LostStage, LeadStatus.Lost, lost.Reason, lost.At, LostCause),
            ReopenLead reopen => progress.Status != LeadStatus.Lost || Recorded(progress, progress.Stage, reopen.At, PipelineRules.ReactivationCause)
                ? null
                : progress.Append(progress.Stage, LeadStatus.Open, null, reopen.At, PipelineRules.ReactivationCause),
            _ => null,
        };

        return moved is null
            ? null
            : lead with { Stage = moved.Stage, Status = moved.Status, LostReason = moved.LostReason, History = moved.History, UpdatedAt = now };
    }

    private static PipelineProgress? Advance(PipelineProgress progress, AdvanceStage advance, PipelineDefinition pipeline)
    {
        // The target's own flag says whether it wins the deal; a stage since removed from the pipeline is
        // still recorded (the journey moved there), as open.
        var status = pipeline.FindStage(advance.Stage) is { Won: true } ? LeadStatus.Won : LeadStatus.Open;
        var already = progress.Stage == advance.Stage && progress.Status == status;
        return already || Recorded(progress, advance.Stage, advance.At, advance.Cause)
            ? null
            : progress.Append(advance.Stage, status, null, advance.At, advance.Cause);
    }

    // A redelivered (or stale) command carries the same target, time and cause as the entry it wrote.
    private static bool Recorded(PipelineProgress progress, string to, DateTimeOffset at, string cause)
    {
        foreach (var transition in progress.History)
        {
            if (transition.To == to && transition.At == at && transition.Cause == cause)
            {
                return true;
            }
        }

        return false;
    }
}
