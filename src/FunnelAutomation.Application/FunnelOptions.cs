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

    /// <summary>Hours a rep has to touch a newly assigned lead.</summary>
    public double RepSlaHours { get; set; } = 4;

    public string FromEmail { get; set; } = "hello@funnel.example.com";

    public string FromName { get; set; } = "FunnelAutomation";
}
