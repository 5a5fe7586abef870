namespace FunnelAutomation.Core.Leads;

/// <summary>Something that happened to a lead that no other store keeps as such (a held email and why, a
/// reassignment with its reasons, the score and routing as first decided), kept for the lead's timeline.
/// <paramref name="Key"/> is the idempotency key of what recorded it: recording it twice keeps one.</summary>
public sealed record LeadEvent(string LeadId, string Key, string Kind, DateTimeOffset At, string Summary)
{
    /// <summary>Lines that explain it (score rules, routing reasons).</summary>
    public IReadOnlyList<string> Details { get; init; } = [];

    /// <summary>Machine-readable facts (sequence and step ids, the time an email is held until).</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}

/// <summary>The kinds of <see cref="LeadEvent"/>, which are also the kinds of timeline entries.</summary>
public static class LeadEventKinds
{
    public const string Captured = "captured";
    public const string Scored = "scored";
    public const string Routed = "routed";
    public const string Email = "email";
    public const string Action = "action";
    public const string Stage = "stage";
    public const string Reassigned = "reassigned";
    public const string Reactivated = "reactivated";
    public const string Sequence = "sequence";
    public const string Rescored = "rescored";
}
