using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;

namespace FunnelAutomation.Bench.Intake;

/// <summary>Counts every storage request the Azure SDK sends from this process (the Azure-Core event source's
/// "Request" event), by method and table/queue, so one lead's storage cost is measured rather than guessed.
/// Idle queue polls (GET …/messages) are counted too and shown apart.</summary>
internal sealed class StorageOpCounter : IDisposable
{
    private const int RequestEventId = 1;
    private readonly AzureEventSourceListener _listener;
    private readonly string _prefix;
    private ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public StorageOpCounter(string prefix)
    {
        _prefix = prefix;
        _listener = new AzureEventSourceListener(OnEvent, EventLevel.Informational);
    }

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    public void Reset() => _counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();

    private void OnEvent(EventWrittenEventArgs e, string message)
    {
        if (e.EventId != RequestEventId || e.Payload is not { Count: >= 3 } payload
            || payload[1] is not string method || payload[2] is not string uri)
        {
            return;
        }

        _counts.AddOrUpdate(Classify(method, uri), 1, (_, n) => n + 1);
    }

    // "GET queue:journey-events/messages", "PUT table:Leads(entity)", "GET table:EmailOutbox(query)".
    private string Classify(string method, string uri)
    {
        var path = new Uri(uri).AbsolutePath; // /devstoreaccount1/<name>...
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var name = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "(account)";
        var kind = "table";
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

        if (name.StartsWith(_prefix, StringComparison.OrdinalIgnoreCase))
        {
            name = name[_prefix.Length..];
        }

        return $"{method} {kind}:{name}{shape}";
    }
}
