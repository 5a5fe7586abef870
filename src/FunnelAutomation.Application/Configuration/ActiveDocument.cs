using System.Text.Json;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Configuration;

namespace FunnelAutomation.Application.Configuration;

/// <summary>An active configuration document as both launchers answer <c>GET /api/config/{kind}</c>:
/// its identity and the document itself as JSON (read with the loader's syntax, so comments and trailing
/// commas that were accepted never make it unreadable).</summary>
public sealed record ActiveDocument(string Kind, string Id, int Version, DateTimeOffset SavedAt, JsonElement Document)
{
    public static ActiveDocument From(StoredDocument stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return new ActiveDocument(stored.Kind, stored.Id, stored.Version, stored.SavedAt, ConfigJson.ReadBack(stored.Json));
    }
}
