using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Pipeline;

/// <summary>The milestone rules: forward only (skips allowed), Won and Lost are terminal, and only
/// reactivation reopens a lost lead. Every move is recorded with its cause.</summary>
public static class PipelineRules
{
    public const string ReactivationCause = "reactivation";

    /// <summary>Moves a lead to <paramref name="targetStage"/> if that is forward of where it is.</summary>
    public static StageMove Advance(PipelineDefinition pipeline, PipelineProgress progress, string targetStage, DateTimeOffset at, string cause)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(progress);
        var refusal = CheckPipeline(pipeline, progress);
        if (refusal is not null)
        {
            return new(StageMoveKind.Refused, progress, refusal);
        }

        var target = pipeline.IndexOf(targetStage);
        if (target < 0)
        {
            return new(StageMoveKind.Refused, progress, $"pipeline \"{pipeline.Id}\" has no stage \"{targetStage}\"");
        }

        switch (progress.Status)
        {
            case LeadStatus.Won:
                return new(StageMoveKind.Refused, progress, "the lead is won: milestones are irreversible");
            case LeadStatus.Lost:
                return new(StageMoveKind.Refused, progress, "the lead is lost: only reactivation reopens it");
        }

        var current = pipeline.IndexOf(progress.Stage);
        if (target == current)
        {
            return new(StageMoveKind.Unchanged, progress, $"already in stage \"{targetStage}\"");
        }

        if (target < current)
        {
            return new(StageMoveKind.Refused, progress,
                $"cannot move back from \"{pipeline.Stages[current].Name}\" to \"{pipeline.Stages[target].Name}\": milestones only move forward");
        }

        var stage = pipeline.Stages[target];
        var status = stage.Won ? LeadStatus.Won : LeadStatus.Open;
        return new(StageMoveKind.Moved, progress.Append(stage.Id, status, null, at, cause));
    }

    /// <summary>Applies a customer action: moves the lead into the stage the action enters, if forward.
    /// An action that enters no stage, or a stage the lead already passed, leaves it unchanged.</summary>
    public static StageMove ApplyAction(PipelineDefinition pipeline, PipelineProgress progress, string actionType, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(progress);
        var stage = pipeline.StageEnteredBy(actionType);
        if (stage is null)
        {
            return new(StageMoveKind.Unchanged, progress, $"\"{actionType}\" moves no stage in pipeline \"{pipeline.Id}\"");
        }

        if (progress.Status == LeadStatus.Open && pipeline.IndexOf(stage.Id) < pipeline.IndexOf(progress.Stage))
        {
            // A late signal (the proposal is viewed again after negotiation began) is not a move back.
            return new(StageMoveKind.Unchanged, progress, $"already past stage \"{stage.Id}\"");
        }

        return Advance(pipeline, progress, stage.Id, at, actionType);
    }

    /// <summary>Closes an open lead as lost with a reason from the pipeline's list.</summary>
    public static StageMove MarkLost(PipelineDefinition pipeline, PipelineProgress progress, string reasonCode, DateTimeOffset at, string cause)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(progress);
        var refusal = CheckPipeline(pipeline, progress);
        if (refusal is not null)
        {
            return new(StageMoveKind.Refused, progress, refusal);
        }

        if (pipeline.LostReasons.Count > 0 && pipeline.FindLostReason(reasonCode) is null)
        {
            return new(StageMoveKind.Refused, progress, $"unknown lost reason \"{reasonCode}\" for pipeline \"{pipeline.Id}\"");
        }

        return progress.Status switch
        {
            LeadStatus.Won => new(StageMoveKind.Refused, progress, "the lead is won: milestones are irreversible"),
            LeadStatus.Lost => new(StageMoveKind.Unchanged, progress, "the lead is already lost"),
            _ => new(StageMoveKind.Moved, progress.Append(PipelineDefinition.LostStage, LeadStatus.Lost, reasonCode, at, cause)),
        };
    }

    /// <summary>Why <paramref name="reasonCode"/> cannot close a deal in this pipeline, or null when it can: a
    /// loss needs a reason, and one from the pipeline's list when it has one (the reason decides whether
    /// the lead may be reactivated, so a typo must not pass as "may").</summary>
    public static string? CheckLostReason(PipelineDefinition pipeline, string? reasonCode)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var codes = string.Join(", ", pipeline.LostReasons.Select(r => r.Code));
        if (string.IsNullOrWhiteSpace(reasonCode))
        {
            return pipeline.LostReasons.Count == 0
                ? "required: why the deal was lost"
                : $"required: why the deal was lost, one of {codes}";
        }

        return pipeline.LostReasons.Count > 0 && pipeline.FindLostReason(reasonCode) is null
            ? $"unknown lost reason \"{reasonCode}\" for pipeline \"{pipeline.Id}\"; use one of {codes}"
            : null;
    }

    /// <summary>Reopens a lost lead at the stage it was lost in. Only reactivation may do this, and not
    /// when the loss reason forbids further contact.</summary>
    public static StageMove Reopen(PipelineDefinition pipeline, PipelineProgress progress, DateTimeOffset at, string cause)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(progress);
        var refusal = CheckPipeline(pipeline, progress);
        if (refusal is not null)
        {
            return new(StageMoveKind.Refused, progress, refusal);
        }

        if (progress.Status != LeadStatus.Lost)
        {
            return new(StageMoveKind.Refused, progress, "only a lost lead can be reopened");
        }

        if (!string.Equals(cause, ReactivationCause, StringComparison.Ordinal))
        {
            return new(StageMoveKind.Refused, progress, "a lost lead is reopened only through reactivation");
        }

        if (progress.LostReason is { } code && pipeline.FindLostReason(code) is { AllowsReactivation: false } reason)
        {
            return new(StageMoveKind.Refused, progress, $"lost reason \"{reason.Name}\" forbids reactivation");
        }

        return new(StageMoveKind.Moved, progress.Append(progress.Stage, LeadStatus.Open, null, at, cause));
    }

    private static string? CheckPipeline(PipelineDefinition pipeline, PipelineProgress progress) =>
        string.Equals(pipeline.Id, progress.PipelineId, StringComparison.Ordinal)
            ? null
            : $"the lead is in pipeline \"{progress.PipelineId}\", not \"{pipeline.Id}\"";
}
