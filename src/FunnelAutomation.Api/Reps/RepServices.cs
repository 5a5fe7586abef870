using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Ports;

namespace FunnelAutomation.Api.Reps;

/// <summary>What the rep routes use ([AsParameters] on the Host; resolved from DI by the Functions triggers).</summary>
public sealed record RepServices(IRepStore Reps, ILeadStore Leads, IJourneyRunner Journeys, ConfigurationService Configuration, TimeProvider Time);
