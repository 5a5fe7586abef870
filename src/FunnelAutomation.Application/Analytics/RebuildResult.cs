namespace FunnelAutomation.Application.Analytics;

/// <summary>What a rebuild replayed: leads read, leads in a known pipeline, buckets and open rows written.</summary>
public sealed record RebuildResult(long LeadsRead, long LeadsProjected, int Buckets, long OpenLeads);
