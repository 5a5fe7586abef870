using System.Net;
using System.Text;
using FunnelAutomation.Application.Ports;

namespace FunnelAutomation.Azure.Email;

/// <summary>The sender without a SendGrid key: the email is written to the <see cref="ISentEmailLog"/>
/// (channel "dev-outbox"), where the dashboard lists it, and nothing leaves the machine. Same rules as
/// SendGrid: suppressed addresses are skipped and an idempotency key is recorded once (by the log's own
/// insert-if-absent: here the log is the provider, so no separate idempotency record is kept).</summary>
public sealed class DevOutboxEmailSender : IEmailSender
{
    public const string Channel = "dev-outbox";

    private readonly EmailSendGuard _guard;
    private readonly string? _from;

    public DevOutboxEmailSender(ISentEmailLog log, ISuppressionList suppressions, IIdempotencyGuard guard, TimeProvider time, string? fromEmail = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(suppressions);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentNullException.ThrowIfNull(time);
        _guard = new EmailSendGuard(suppressions, guard, log, time);
        _from = fromEmail;
    }

    public Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var isTemplate = !string.IsNullOrWhiteSpace(email.TemplateId);
        return _guard.RecordOnceAsync(email, _guard.Describe(email, Channel, _from, Channel + ":" + email.IdempotencyKey) with
        {
            HtmlBody = isTemplate ? TemplateHtml(email) : email.HtmlBody,
            TextBody = isTemplate ? TemplateText(email) : null,
        }, cancellationToken);
    }

    /// <summary>A SendGrid template is rendered by SendGrid, so locally the outbox shows what would be
    /// sent: the template id and its data.</summary>
    internal static string TemplateHtml(OutgoingEmail email)
    {
        var html = new StringBuilder();
        html.Append("<p>SendGrid dynamic template <code>").Append(WebUtility.HtmlEncode(email.TemplateId)).Append("</code> with:</p><dl>");
        foreach (var (name, value) in email.TemplateData.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            html.Append("<dt>").Append(WebUtility.HtmlEncode(name)).Append("</dt><dd>").Append(WebUtility.HtmlEncode(value)).Append("</dd>");
        }

        html.Append("</dl>");
        if (!string.IsNullOrWhiteSpace(email.UnsubscribeUrl))
        {
            var url = WebUtility.HtmlEncode(email.UnsubscribeUrl);
            html.Append("<p><a href=\"").Append(url).Append("\">Unsubscribe</a></p>");
        }

        return html.ToString();
    }

    internal static string TemplateText(OutgoingEmail email)
    {
        var text = new StringBuilder();
        text.Append("Template ").Append(email.TemplateId).Append('\n');
        foreach (var (name, value) in email.TemplateData.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(": ").Append(value).Append('\n');
        }

        return text.ToString();
    }
}
