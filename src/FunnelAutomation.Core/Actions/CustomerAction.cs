namespace FunnelAutomation.Core.Actions;

/// <summary>Something a prospect did (opened an email, visited the pricing page, booked a meeting).
/// <paramref name="Id"/> is the idempotency key: the same action delivered twice has one effect.</summary>
public sealed record CustomerAction(
    string Id,
    string Type,
    DateTimeOffset OccurredAt,
    string? Url = null,
    decimal? Amount = null,
    string? Reason = null)
{
    /// <summary>Free-form details (email step id, webhook event id, …) kept for the record.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = new Dictionary<string, string>();
}
