using System.Text.Json;
using FunnelAutomation.Application.Learning;
using FunnelAutomation.Azure.Configuration;
using FunnelAutomation.Core.Learning;

namespace FunnelAutomation.Azure.Learning;

/// <summary>Win models in the configuration-documents table, as document kind "win-model", id "win": the same
/// immutable numbered versions and movable active pointer as scoring or routing documents, the model as JSON.</summary>
public sealed class TableWinModelStore(ConfigDocumentStore documents) : IWinModelStore
{
    public const string Kind = "win-model";
    public const string Id = "win";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<int> AddAsync(WinModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var stored = await documents.AddVersionAsync(Kind, Id, JsonSerializer.Serialize(model, Json), model.TrainedAt, "trainer", cancellationToken).ConfigureAwait(false);
        return stored.Version;
    }

    public async Task<IReadOnlyList<StoredWinModel>> ListAsync(CancellationToken cancellationToken)
    {
        var versions = await documents.ListVersionsAsync(Kind, Id, cancellationToken).ConfigureAwait(false);
        return [.. versions.Select(v => new StoredWinModel(v.Version, Read(v.Json)))];
    }

    public async Task<WinModel?> GetAsync(int version, CancellationToken cancellationToken) =>
        await documents.GetVersionAsync(Kind, Id, version, cancellationToken).ConfigureAwait(false) is { } v ? Read(v.Json) : null;

    public Task ActivateAsync(int version, DateTimeOffset at, CancellationToken cancellationToken) =>
        documents.ActivateAsync(Kind, Id, version, at, "win-model-service", cancellationToken);

    public async Task<int?> GetActiveVersionAsync(CancellationToken cancellationToken) =>
        (await documents.GetActivePointerAsync(Kind, Id, cancellationToken).ConfigureAwait(false))?.Version;

    private static WinModel Read(string json) =>
        JsonSerializer.Deserialize<WinModel>(json, Json) ?? throw new InvalidDataException("A stored win model is empty.");
}
