using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Text;
using System.Text.RegularExpressions;
using Azure.Core.Diagnostics;

namespace FunnelAutomation.Bench.Intake;

/// <summary>Counts every storage request the Azure SDK sends from this process (the Azure-Core event source's
/// "Request" event), by method and table/queue/blob container, so one lead's or one journey step's storage cost is
/// measured rather than guessed. The Durable Task engine's Azure Storage provider uses the same SDK (Azure.Data.Tables,
/// Azure.Storage.Queues/Blobs), so its requests are counted too. Queue receives (GET …/messages) are shown apart:
/// most of them are polls, idle or not.</summary>
internal sealed partial class StorageOpCounter : IDisposable
{
    private const int RequestEventId = 1;
    private readonly AzureEventSourceListener _listener;
    private readonly ConcurrentBag<string> _prefixes = [];
    private readonly int? _blobPort;
    private ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public StorageOpCounter(string prefix, int? blobPort = null)
    {
        _prefixes.Add(prefix);
        _blobPort = blobPort;
        _listener = new AzureEventSourceListener(OnEvent, EventLevel.Informational);
    }

    /// <summary>Another storage prefix to strip from names (a second run on its own tables).</summary>
    public void AddPrefix(string prefix) => _prefixes.Add(prefix);

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    public void Reset() => _counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();

    public static bool IsReceive(string op) => op.StartsWith("GET queue:", StringComparison.Ordinal) && op.EndsWith("/messages", StringComparison.Ordinal);

    public static double Total(IReadOnlyDictionary<string, int> counts, bool withoutReceives = false) =>
        counts.Where(c => !withoutReceives || !IsReceive(c.Key)).Sum(c => c.Value);

    public static string Format(IReadOnlyDictionary<string, int> counts, int per, string unit)
    {
        var text = new StringBuilder();
        foreach (var (op, n) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"    {op,-64} {n,8}  {(double)n / per,7:N2}/{unit}{(IsReceive(op) ? "  (receive/poll)" : string.Empty)}");
        }

        return text.ToString().TrimEnd();
    }

    private void OnEvent(EventWrittenEventArgs e, string message)
    {
        if (e.EventId != RequestEventId || e.Payload is not { Count: >= 3 } payload
            || payload[1] is not string method || payload[2] is not string uri)
        {
            return;
        }

        _counts.AddOrUpdate(Classify(method, uri), 1, (_, n) => n + 1);
    }

    // "GET queue:leads-intake/messages", "PUT table:Leads(entity)", "GET table:EmailOutbox(query)",
    // "PUT blob:funnelautomationhub-leases/{blob}?comp=lease", "GET queue:funnelautomationhub-control-NN/messages".
    private string Classify(string method, string uri)
    {
        var parsed = new Uri(uri);
        var parts = parsed.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries); // devstoreaccount1/<name>/...
        var name = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "(account)";
        var kind = parsed.Port == _blobPort ? "blob" : "table";
        if (parts.Length > 2 && parts[2] == "messages")
        {
            kind = "queue";
        }

        var paren = name.IndexOf('(', StringComparison.Ordinal);
        var shape = string.Empty;
        if (kind == "table" && paren >= 0)
        {
            shape = name.AsSpan(paren).StartsWith("()") ? "(query)" : "(entity)";
            name = name[..paren];
        }
        else if (kind == "queue")
        {
            shape = parts.Length > 3 ? "/messages/{id}" : "/messages";
        }
        else if (kind == "blob")
        {
            var comp = System.Web.HttpUtility.ParseQueryString(parsed.Query)["comp"];
            shape = (parts.Length > 2 ? "/{blob}" : string.Empty) + (comp is null ? string.Empty : "?comp=" + comp);
        }

        foreach (var prefix in _prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[prefix.Length..];
                break;
            }
        }

        return $"{method} {kind}:{ControlQueue().Replace(name, "-control-NN")}{shape}";
    }

    [GeneratedRegex("-control-[0-9]{2}$")]
    private static partial Regex ControlQueue();
}
