namespace FunnelAutomation.Core.Analytics;

/// <summary>An open lead that has stayed in its stage longer than the stage's norm.</summary>
public sealed record StalledLead(string LeadId, string OwnerRepId, string StageId, double DaysInStage, int NormDays, decimal? Amount);
