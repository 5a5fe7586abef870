namespace FunnelAutomation.Core.Analytics;

/// <summary>Which sequences get credit for a lead's stage advance. Rule: a sequence is credited (one
/// conversion, on the step of its last email) when its last email to the lead was sent at most
/// <c>window</c> before the advance (default 14 days). An enrolled lead receives an email every few days,
/// so "advanced while enrolled" is covered by the window; a lead that advances long after the sequence
/// went quiet credits nobody. Several sequences inside the window are all credited (multi-touch). An email
/// already credited is not credited again: a conversion is a lead that moved on after this email, counted
/// once per lead and email, so a step's conversions never exceed its sends.</summary>
public static class SequenceAttribution
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(14);

    public static IReadOnlyList<EmailTouch> Attribute(IEnumerable<EmailTouch> touches, DateTimeOffset advancedAt, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(touches);
        return touches
            .Where(t => t.SentAt <= advancedAt && advancedAt - t.SentAt <= window)
            .GroupBy(t => t.SequenceId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(t => t.SentAt)!)
            .Where(t => t.ConvertedAt is null)
            .OrderBy(t => t.SequenceId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The email a reply answers: the lead's last sequence email sent before the reply and within the
    /// window, unless that email was already answered (a reply is counted once per lead and email, so a step's
    /// replies never exceed its sends). Null when there is none.</summary>
    public static EmailTouch? RepliedTo(IEnumerable<EmailTouch> touches, DateTimeOffset repliedAt, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(touches);
        var last = touches
            .Where(t => t.SentAt <= repliedAt && repliedAt - t.SentAt <= window)
            .MaxBy(t => t.SentAt);
        return last is { RepliedAt: null } ? last : null;
    }
}
