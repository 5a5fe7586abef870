using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Application.Ports;

/// <summary>Drives lead journeys durably: on the Durable Task engine (Durable Functions in Azure,
/// DurableTask.Core's TaskHubWorker on the same Azure Storage provider locally).</summary>
public interface IJourneyRunner
{
    Task StartAsync(JourneyStarted started, CancellationToken cancellationToken);

    /// <summary>Delivers an input (customer action, rep touch, assignment…) to a lead's journey.</summary>
    Task RaiseAsync(string leadId, JourneyInput input, CancellationToken cancellationToken);

    Task<JourneyState?> GetStateAsync(string leadId, CancellationToken cancellationToken);

    /// <summary>GDPR erase: ends the journey and deletes its history. True when there was one.</summary>
    Task<bool> EraseAsync(string leadId, CancellationToken cancellationToken);
}
