namespace FunnelAutomation.Core.Routing;

/// <summary>Why a rep whose turn it was did not get the lead.</summary>
public enum RepSkipReason
{
    None = 0,

    /// <summary>Named in the excluded set (the lead is being reassigned away from them).</summary>
    Excluded,

    Inactive,

    OutOfOffice,

    /// <summary>An A-grade lead and the rule keeps those for senior reps.</summary>
    NotSenior,

    /// <summary>The rep's own territories, size bands or industries exclude the lead.</summary>
    NotCovered,

    /// <summary>Open leads reached <see cref="Rep.MaxOpenLeads"/>.</summary>
    AtCapacity,

    /// <summary>New leads today reached <see cref="Rep.MaxNewLeadsPerDay"/>.</summary>
    DailyLimitReached,
}
