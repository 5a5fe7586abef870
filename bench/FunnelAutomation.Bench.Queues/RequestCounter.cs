using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;

namespace FunnelAutomation.Bench.Queues;

/// <summary>Counts the storage requests every Azure SDK client of this process sends (Azure-Core's "Request"
/// event): ours, and the WebJobs SDK's, which builds its clients on the same Azure.Storage.Queues. The driver's own
/// progress checks use queue properties (<c>comp=metadata</c>), which neither listener sends; they are left out.</summary>
internal sealed class RequestCounter : IDisposable
{
    private readonly AzureEventSourceListener _listener;
    private ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public RequestCounter() => _listener = new AzureEventSourceListener(OnEvent, EventLevel.Informational);

    /// <summary>The table endpoint's port (tables and queues share paths like /account/name on Azurite).</summary>
    public int TablePort { get; set; }

    public void Reset() => _counts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Snapshot() => new Dictionary<string, int>(_counts, StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();

    private void OnEvent(EventWrittenEventArgs e, string message)
    {
        if (e.EventId == 1 && e.Payload is { Count: >= 3 } p && p[1] is string method && p[2] is string uri && !uri.Contains("comp=metadata", StringComparison.Ordinal))
        {
            _counts.AddOrUpdate(Classify(method, new Uri(uri)), 1, (_, n) => n + 1);
        }
    }

    // "GET queue/messages" (receive), "DELETE queue/messages/{id}", "PUT queue/messages/{id}" (visibility update),
    // "POST poison/messages" (poison put), "GET/PUT/PATCH table" (idempotency claims), anything else by path shape.
    private string Classify(string method, Uri uri)
    {
        var parts = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            return $"{method} account";
        }

        var name = Uri.UnescapeDataString(parts[1]);
        if (uri.Port == TablePort)
        {
            return $"{method} table";
        }

        var queue = name.EndsWith("-poison", StringComparison.Ordinal) ? "poison" : "queue";
        var shape = parts.Length > 3 ? "/messages/{id}" : parts.Length > 2 ? "/messages" : uri.Query.Length > 0 ? "?" + uri.Query.TrimStart('?') : string.Empty;
        return $"{method} {queue}{shape}";
    }
}
