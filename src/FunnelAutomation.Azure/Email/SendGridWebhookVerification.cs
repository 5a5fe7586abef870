namespace FunnelAutomation.Azure.Email;

/// <summary>Whether a webhook post is authentic and fresh; <see cref="Error"/> says why not.</summary>
public sealed record SendGridWebhookVerification(bool IsValid, string? Error)
{
    public static SendGridWebhookVerification Valid { get; } = new(true, null);

    public static SendGridWebhookVerification Invalid(string error) => new(false, error);
}
