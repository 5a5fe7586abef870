namespace FunnelAutomation.Azure.Email;

/// <summary>SendGrid settings (bound from configuration section "SendGrid"). Without an
/// <see cref="ApiKey"/> nothing leaves the machine: emails go to the dev outbox.</summary>
public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    /// <summary>"SG.…"; null or empty selects the dev outbox.</summary>
    public string? ApiKey { get; set; }

    public string FromEmail { get; set; } = "hello@funnel.example.com";

    public string? FromName { get; set; } = "FunnelAutomation";

    /// <summary>Sets mail_settings.sandbox_mode: SendGrid validates the request but delivers nothing.
    /// Use it in every non-production environment that has a real key.</summary>
    public bool SandboxMode { get; set; }

    /// <summary>Overrides "https://api.sendgrid.com" (tests point it at a local endpoint).</summary>
    public string? Host { get; set; }

    /// <summary>Attempts per send, the first included, on 429, 5xx, network errors and timeouts.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First retry delay; doubled per attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts. A Retry-After longer than this ends the send as not sent
    /// (the journey retries the command later) instead of holding the worker.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when a real SendGrid account is configured.</summary>
    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);
}
