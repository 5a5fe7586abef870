namespace FunnelAutomation.Core.Routing;

/// <summary>How much a rep carries: open leads now, and new leads received on <see cref="RoutingState.Day"/>.</summary>
public readonly record struct RepLoad(int OpenLeads, int NewLeadsToday);
