namespace FunnelAutomation.Core.Analytics;

/// <summary>The counters of one bucket (or, in a <see cref="FunnelChange"/>, the delta to add to it).</summary>
public sealed record FunnelBucket(FunnelBucketKey Key, FunnelCounters Counters);
