namespace FunnelAutomation.Core.Pipeline;

/// <summary>One recorded move of a lead through its pipeline: from (null when entering the pipeline),
/// to, when, and the cause (a customer action type, "rep", "reactivation", …).</summary>
public sealed record StageTransition(string? From, string To, DateTimeOffset At, string Cause);
