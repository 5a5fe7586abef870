namespace FunnelAutomation.Core.Journeys;

/// <summary>Tenant-wide journey policy: the rep SLA, when nurture email may go out, how many a day,
/// and which engagement reopens a lost prospect.</summary>
public sealed record JourneySettings
{
    /// <summary>Time the owner has to touch a newly assigned lead before it is reassigned.</summary>
    public TimeSpan RepSla { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Local hour (in the lead's time zone) from which email may be sent.</summary>
    public int SendWindowStartHour { get; init; } = 9;

    /// <summary>Local hour at which the send window closes.</summary>
    public int SendWindowEndHour { get; init; } = 17;

    public IReadOnlyList<DayOfWeek> BusinessDays { get; init; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>At most this many nurture emails per local calendar day, across all sequences.</summary>
    public int MaxEmailsPerDay { get; init; } = 1;

    /// <summary>Page visits matching this pattern reopen a lost lead in a win-back sequence.</summary>
    public string ReopenOnVisit { get; init; } = "*/pricing*";

    /// <summary>Used when neither the lead nor its country gives a time zone.</summary>
    public string DefaultTimeZone { get; init; } = "UTC";

    public static JourneySettings Default { get; } = new();
}
