using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Application.Journeys;

/// <summary>Carries out one journey command (send an email, move the stored lead, reassign…) with
/// exactly-once effect per <see cref="JourneyCommand.Key"/>, and returns the inputs the journey must be
/// told about as a result (e.g. <see cref="LeadAssigned"/> after a <see cref="Reassign"/>).
/// <see cref="WakeAt"/> and <see cref="Complete"/> belong to the runner and are ignored here.</summary>
public interface IJourneyCommandExecutor
{
    Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CancellationToken cancellationToken);

    /// <summary>As <see cref="ExecuteAsync(JourneyCommand, CancellationToken)"/>, in the first turn of a lead its
    /// caller has just created (<paramref name="created"/>, when not null): what the turn needs of the lead is taken from
    /// it instead of read again.</summary>
    Task<IReadOnlyList<JourneyInput>> ExecuteAsync(JourneyCommand command, CreatedLead? created, CancellationToken cancellationToken) =>
        ExecuteAsync(command, cancellationToken);
}
