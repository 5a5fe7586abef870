namespace FunnelAutomation.Application;

/// <summary>Host-level settings the use cases read (bound from configuration section "Funnel").</summary>
public sealed class FunnelOptions
{
    public const string Section = "Funnel";

    /// <summary>Pipeline a new lead enters when its submission names none.</summary>
    public string DefaultPipeline { get; set; } = "b2b-standard";

    /// <summary>Public base URL of the API, for unsubscribe links ("https://funnel.example.com").</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>Secret that signs unsubscribe tokens.</summary>
    public string UnsubscribeSigningKey { get; set; } = "dev-only-unsubscribe-key-change-me";

    /// <summary>How long an unsubscribe link stays valid.</summary>
    public TimeSpan UnsubscribeLinkLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long a rep's link to their own leads (in notifications) stays valid.</summary>
    public TimeSpan RepLinkLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Hours a rep has to touch a newly assigned lead.</summary>
    public double RepSlaHours { get; set; } = 4;

    /// <summary>Local hour (lead's time zone) from which nurture email may go out.</summary>
    public int SendWindowStartHour { get; set; } = 9;

    /// <summary>Local hour at which the send window closes (24: open until midnight).</summary>
    public int SendWindowEndHour { get; set; } = 17;

    /// <summary>Days email may go out on (the lead's local calendar).</summary>
    public DayOfWeek[] SendDays { get; set; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>Most nurture emails one lead receives per day, across all sequences.</summary>
    public int MaxEmailsPerDay { get; set; } = 1;

    public string FromEmail { get; set; } = "hello@funnel.example.com";

    public string FromName { get; set; } = "FunnelAutomation";
}
