using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Core.Analytics;

/// <summary>A lead as the projection sees it: the lead, the pipeline it is in, and its owner's team
/// (resolved by the caller from the rep roster, since the lead does not carry it).</summary>
public sealed record FunnelLeadSnapshot(Lead Lead, PipelineDefinition Pipeline, string? Team);
