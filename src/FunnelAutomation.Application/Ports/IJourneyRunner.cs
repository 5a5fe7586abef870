using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Application.Ports;

/// <summary>Drives lead journeys durably: Durable Functions in Azure, the table-and-queue runner locally.</summary>
public interface IJourneyRunner
{
    Task StartAsync(JourneyStarted started, CancellationToken cancellationToken);

    /// <summary>Delivers an input (customer action, rep touch, assignment…) to a lead's journey.</summary>
    Task RaiseAsync(string leadId, JourneyInput input, CancellationToken cancellationToken);

    Task<JourneyState?> GetStateAsync(string leadId, CancellationToken cancellationToken);
}
