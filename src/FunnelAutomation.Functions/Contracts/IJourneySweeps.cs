namespace FunnelAutomation.Functions.Contracts;

// Stand-in for the Application layer's JourneySweeps; nothing registers it yet.

/// <summary>Periodic safety nets over all leads (journeys keep their own timers; these catch what slipped).</summary>
public interface IJourneySweeps
{
    /// <summary>Wakes lost leads whose reactivation date has come; returns how many were signalled.</summary>
    Task<int> ReactivationSweepAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Signals journeys whose rep SLA is overdue; returns how many.</summary>
    Task<int> CheckSlasAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Flags leads that sat too long in a stage; returns how many.</summary>
    Task<int> DetectStalledLeadsAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
