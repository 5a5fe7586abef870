namespace FunnelAutomation.Core.Pipeline;

/// <summary>The outcome of asking a lead to move: moved (with the new progress), unchanged (already
/// there, or the action does not move it), or refused with a reason a rep can read.</summary>
public sealed record StageMove(StageMoveKind Kind, PipelineProgress Progress, string? Reason = null)
{
    public bool Moved => Kind == StageMoveKind.Moved;
}

public enum StageMoveKind
{
    Moved = 0,
    Unchanged,
    Refused,
}
