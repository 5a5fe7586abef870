namespace FunnelAutomation.Core.Pipeline;

/// <summary>Why a deal was lost, and whether that loss allows reaching out again later
/// ("went with a competitor" may; "asked never to be contacted" never does).</summary>
public sealed record LostReason
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public bool AllowsReactivation { get; init; } = true;
}
