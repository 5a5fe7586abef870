namespace FunnelAutomation.Journeys;

/// <summary>What the sweep does with a journey instance whose row still says Pending. Pure: the instance and the
/// time are passed in.
/// <para>With DurableTask.AzureStorage 2.11.2, Pending is not "never ran". The client puts the start message
/// before it writes the instance row, and the worker writes RuntimeStatus only in an episode that appends
/// ExecutionStarted (or completes, terminates, continues as new). So a process killed between the first episode's
/// History write and its Instances write leaves a journey that runs, has a custom status, and whose row says
/// Pending until it next continues as new. Re-creating such an instance starts a second execution next to the
/// live one (see <see cref="DurableJourneyRunner"/>), which is how the kill/restart bench left journeys Pending.
/// So a Pending journey that has made a decision is only nudged; one that never did is restarted, and only
/// once it has been pending longer than a start message can be delayed (the control queue's visibility timeout
/// after a kill, plus a backlog).</para></summary>
public static class PendingJourneyRecovery
{
    public static PendingJourneyAction For(JourneyInstance instance, DateTimeOffset now, TimeSpan stalledAfter)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (instance.Status != JourneyRuntimeStatus.Pending || now - instance.CreatedAt < stalledAfter)
        {
            return PendingJourneyAction.None;
        }

        // The runner schedules a start without a state (JourneyOrchestrationInput(null, started)), so a state on a
        // pending instance is a decision's custom status: the execution is alive and only its row's status is stale.
        return instance.State is null ? PendingJourneyAction.Restart : PendingJourneyAction.Nudge;
    }
}

public enum PendingJourneyAction
{
    /// <summary>Not pending, or not for long: its start is still on its way.</summary>
    None,

    /// <summary>Running under a stale Pending row: raise a harmless input (a timer check) so the journey continues
    /// as new, and the engine writes Running for the new execution.</summary>
    Nudge,

    /// <summary>Never made a decision in all that time: its start was lost. Terminate it through the engine and
    /// schedule it again from the lead.</summary>
    Restart,
}

/// <summary>When the sweep restarts a failed journey (an activity out of its retries, or an orchestrator fault) from
/// the lead's stored facts, so that a lead whose journey failed still gets its next email and SLA check without
/// waiting for an input. Pure. Only after <c>retryAfter</c> since it failed: a fault that is not transient fails the
/// restarted journey again, and this bounds that to one restart per interval instead of one per sweep.</summary>
public static class FailedJourneyRecovery
{
    public static bool IsDue(JourneyInstance instance, DateTimeOffset now, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.Status == JourneyRuntimeStatus.Failed && now - (instance.LastUpdatedAt ?? instance.CreatedAt) >= retryAfter;
    }
}
