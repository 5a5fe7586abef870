using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Pipeline;

/// <summary>Where a lead stands in its pipeline and how it got there. Immutable: every move returns a new
/// progress with the transition appended to <see cref="History"/>.</summary>
public sealed record PipelineProgress(
    string PipelineId,
    string Stage,
    LeadStatus Status,
    string? LostReason,
    IReadOnlyList<StageTransition> History)
{
    /// <summary>A lead entering a pipeline at its first stage (or at a later one, e.g. an import of a
    /// lead already in negotiation).</summary>
    public static PipelineProgress Enter(PipelineDefinition pipeline, DateTimeOffset at, string cause, string? stageId = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var stage = stageId is null ? pipeline.FirstStage : pipeline.FindStage(stageId)
            ?? throw new ArgumentException($"Pipeline \"{pipeline.Id}\" has no stage \"{stageId}\".", nameof(stageId));
        var status = stage.Won ? LeadStatus.Won : LeadStatus.Open;
        return new(pipeline.Id, stage.Id, status, null, [new StageTransition(null, stage.Id, at, cause)]);
    }

    public static PipelineProgress? Of(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return lead.PipelineId is null || lead.Stage is null
            ? null
            : new(lead.PipelineId, lead.Stage, lead.Status, lead.LostReason, lead.History);
    }

    internal PipelineProgress Append(string to, LeadStatus status, string? lostReason, DateTimeOffset at, string cause)
    {
        var history = new StageTransition[History.Count + 1];
        for (var i = 0; i < History.Count; i++)
        {
            history[i] = History[i];
        }

        var from = Status == LeadStatus.Lost ? PipelineDefinition.LostStage : Stage;
        history[^1] = new StageTransition(from, to, at, cause);
        var stage = to == PipelineDefinition.LostStage ? Stage : to;
        return this with { Stage = stage, Status = status, LostReason = lostReason, History = history };
    }
}
