namespace FunnelAutomation.Azure.Configuration;

/// <summary>Versioned configuration documents (pipelines, scoring models, routing rules, sequences) as raw
/// JSON text. Each version is immutable; a separate pointer says which version is active, so activation
/// and rollback are one small write and a running lead can keep reading the version it started on.
/// Validation is the caller's job (Core); this store keeps exactly the text it was given.</summary>
public interface IConfigDocumentStore
{
    /// <summary>Stores <paramref name="json"/> as the next version (1, 2, …) of (kind, id). Does not activate it.</summary>
    Task<ConfigDocumentVersion> AddVersionAsync(string kind, string id, string json, DateTimeOffset at, string? author = null, CancellationToken cancellationToken = default);

    Task<ConfigDocumentVersion?> GetVersionAsync(string kind, string id, int version, CancellationToken cancellationToken = default);

    /// <summary>All versions of one document, newest first.</summary>
    Task<IReadOnlyList<ConfigDocumentVersion>> ListVersionsAsync(string kind, string id, CancellationToken cancellationToken = default);

    /// <summary>Points (kind, id) at an existing version. Throws <see cref="KeyNotFoundException"/> when it does not exist.</summary>
    Task<ActiveConfigPointer> ActivateAsync(string kind, string id, int version, DateTimeOffset at, string? activatedBy = null, CancellationToken cancellationToken = default);

    Task<ActiveConfigPointer?> GetActivePointerAsync(string kind, string id, CancellationToken cancellationToken = default);

    /// <summary>The active version's document, or null when none was activated.</summary>
    Task<ConfigDocumentVersion?> GetActiveAsync(string kind, string id, CancellationToken cancellationToken = default);

    /// <summary>The active document of every id of one kind (e.g. all active sequences).</summary>
    Task<IReadOnlyList<ConfigDocumentVersion>> ListActiveAsync(string kind, CancellationToken cancellationToken = default);
}

/// <summary>One immutable stored version of a configuration document.</summary>
public sealed record ConfigDocumentVersion(string Kind, string Id, int Version, string Json, DateTimeOffset CreatedAt, string? Author);

/// <summary>Which version of (kind, id) is active, since when and set by whom.</summary>
public sealed record ActiveConfigPointer(string Kind, string Id, int Version, DateTimeOffset ActivatedAt, string? ActivatedBy);
