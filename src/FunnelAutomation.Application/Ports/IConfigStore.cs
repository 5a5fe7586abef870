namespace FunnelAutomation.Application.Ports;

/// <summary>Configuration documents by kind and id: every saved version kept, one active.</summary>
public interface IConfigStore
{
    /// <summary>Stores a new version (1, 2, …) and makes it active; returns its number.</summary>
    Task<int> SaveAndActivateAsync(string kind, string id, string json, CancellationToken cancellationToken);

    /// <summary>The active version of every document of a kind.</summary>
    Task<IReadOnlyList<StoredDocument>> ListActiveAsync(string kind, CancellationToken cancellationToken);

    /// <summary>Every stored version of every document of a kind.</summary>
    Task<IReadOnlyList<StoredDocument>> ListAllVersionsAsync(string kind, CancellationToken cancellationToken);
}

public sealed record StoredDocument(string Kind, string Id, int Version, string Json, DateTimeOffset SavedAt);
