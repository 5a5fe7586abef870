using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Journeys;

/// <summary>The few instance operations a journey needs from the Durable Task engine. Two adapters: one over
/// the Functions app's <c>DurableTaskClient</c>, one over DurableTask.Core's <c>TaskHubClient</c> in the local
/// Host. Everything else (<see cref="DurableJourneyRunner"/>) is written once over this.</summary>
public interface IJourneyInstances
{
    Task<JourneyInstance?> GetAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Schedules a new instance. False when one with this id is running already, or pending and
    /// <paramref name="replacePending"/> is false. Replacing a pending instance overwrites its row without asking the
    /// engine, so it is only for one that never ran (<see cref="PendingJourneyAction.Restart"/>).</summary>
    Task<bool> TryScheduleAsync(string instanceId, JourneyOrchestrationInput input, bool replacePending, CancellationToken cancellationToken);

    /// <summary>Journey instances in <paramref name="status"/> (Pending or Failed, what the sweep looks for) that were
    /// created before <paramref name="createdBefore"/>.</summary>
    IAsyncEnumerable<ListedJourney> ListAsync(JourneyRuntimeStatus status, DateTimeOffset createdBefore, CancellationToken cancellationToken);

    Task RaiseAsync(string instanceId, JourneyEvent journeyEvent, CancellationToken cancellationToken);

    /// <summary>Terminates a running instance and returns once the engine has recorded it as ended.</summary>
    Task TerminateAsync(string instanceId, string reason, CancellationToken cancellationToken);

    /// <summary>Deletes the instance's history and state. True when there was something to delete.</summary>
    Task<bool> PurgeAsync(string instanceId, CancellationToken cancellationToken);
}

/// <summary>What the engine says about one journey instance. <see cref="LastUpdatedAt"/> is when its row last
/// changed (for a failed one, when it failed), where the adapter knows it.</summary>
public sealed record JourneyInstance(JourneyRuntimeStatus Status, JourneyState? State, DateTimeOffset CreatedAt, DateTimeOffset? LastUpdatedAt = null)
{
    /// <summary>Failed or terminated: it takes no more events, though the lead still needs a journey.</summary>
    public bool IsDead => Status is JourneyRuntimeStatus.Failed or JourneyRuntimeStatus.Terminated;

    public bool IsRunning => Status is JourneyRuntimeStatus.Pending or JourneyRuntimeStatus.Running;
}

/// <summary>One instance found by <see cref="IJourneyInstances.ListAsync"/>.</summary>
public sealed record ListedJourney(string InstanceId, JourneyInstance Instance);

public enum JourneyRuntimeStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,
    Other,
}
