using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Ports;

/// <summary>Drives lead journeys durably: on the Durable Task engine (Durable Functions in Azure,
/// DurableTask.Core's TaskHubWorker on the same Azure Storage provider locally).</summary>
public interface IJourneyRunner
{
    Task StartAsync(JourneyStarted started, CancellationToken cancellationToken);

    /// <summary>Starts the journey of a lead the caller has just created (<paramref name="created"/>): no journey can
    /// exist for it yet, and its first turn may use the lead as written instead of reading it again (issue 14).
    /// A runner that cannot use that starts it as <see cref="StartAsync(JourneyStarted, CancellationToken)"/>.</summary>
    Task StartAsync(JourneyStarted started, CreatedLead created, CancellationToken cancellationToken) => StartAsync(started, cancellationToken);

    /// <summary>Delivers an input (customer action, rep touch, assignment…) to a lead's journey.</summary>
    Task RaiseAsync(string leadId, JourneyInput input, CancellationToken cancellationToken);

    Task<JourneyState?> GetStateAsync(string leadId, CancellationToken cancellationToken);

    /// <summary>GDPR erase: ends the journey and deletes its history. True when there was one.</summary>
    Task<bool> EraseAsync(string leadId, CancellationToken cancellationToken);
}

/// <summary>A lead as the intake that created it just wrote it, with what it read of the address's suppression entry
/// (<see cref="ISuppressionList.LiftErasureAsync"/>; null when not known).</summary>
public sealed record CreatedLead(Lead Lead, bool? AddressSuppressed);
