using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FunnelAutomation.Core.Actions;

namespace FunnelAutomation.Core.Leads;

/// <summary>Which form posts are one submission. A double-click, a browser retry or a queue redelivery carries
/// the same fields for the same lead within moments, and must count once (one form_submitted action), however
/// the posts race each other. So the action id derives from the fields and the time slot of
/// <see cref="Window"/> the post was received in: concurrent duplicates collide on one id in the action log, and a
/// copy just after a slot boundary finds the previous slot's id. The same form filled in again later is new.</summary>
public static class SubmissionKey
{
    /// <summary>How far apart two posts of the same fields may be and still be one submission.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>The form_submitted action id of fields received at <paramref name="receivedAt"/>.</summary>
    public static string ActionId(IReadOnlyDictionary<string, string?> fields, DateTimeOffset receivedAt) =>
        ActionId(Hash(fields), Slot(receivedAt));

    /// <summary>The form_submitted action id of an imported row. A row has no moment of its own: the same row
    /// imported again (the file uploaded twice, or after an upload broke off, or another list that repeats it) is
    /// the same submission however much later, so the id derives from the fields alone.</summary>
    public static string ImportActionId(IReadOnlyDictionary<string, string?> fields) => "import:" + Hash(fields);

    /// <summary>True when <paramref name="history"/> holds these fields from the slot before, received less than
    /// <see cref="Window"/> earlier: the same submission seen across a slot boundary.</summary>
    public static bool RepeatsEarlier(IReadOnlyList<CustomerAction> history, IReadOnlyDictionary<string, string?> fields, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(history);
        var previous = ActionId(Hash(fields), Slot(receivedAt) - 1);
        return history.Any(a => string.Equals(a.Id, previous, StringComparison.Ordinal) && receivedAt - a.OccurredAt < Window);
    }

    private static long Slot(DateTimeOffset at) => at.UtcTicks / Window.Ticks;

    private static string ActionId(string hash, long slot) => string.Create(CultureInfo.InvariantCulture, $"form:{hash}:{slot}");

    /// <summary>Field names in ordinal order, each name and value length-prefixed so no two field sets read alike.</summary>
    private static string Hash(IReadOnlyDictionary<string, string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var text = new StringBuilder();
        foreach (var (name, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name.Length}:{name}{value?.Length ?? -1}:{value}");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 12));
    }
}
