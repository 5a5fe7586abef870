using FunnelAutomation.Application;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Ports;

namespace FunnelAutomation.Api.Analytics;

/// <summary>What the analytics routes use ([AsParameters] on the Host; resolved from DI by the Functions triggers).</summary>
public sealed record AnalyticsServices(FunnelAnalyticsService Analytics, FunnelOptions Options, ILeadStore Leads);
