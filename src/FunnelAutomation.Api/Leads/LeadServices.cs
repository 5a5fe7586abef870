using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Leads;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Api.Leads;

/// <summary>What the lead routes use ([AsParameters] on the Host; resolved from DI by the Functions triggers).</summary>
public sealed record LeadServices(
    LeadAcceptor Acceptor,
    ILeadStore Leads,
    IJourneyRunner Journeys,
    ConfigurationService Configuration,
    CustomerActionService Actions,
    IOptions<ApiOptions> Options,
    TimeProvider Time);
