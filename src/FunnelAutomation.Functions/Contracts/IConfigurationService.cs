using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Functions.Contracts;

// Stand-in for the Application layer's ConfigurationService; nothing registers it yet.

/// <summary>Configuration documents by kind (pipeline, scoring, routing, sequence, reps): validated whole,
/// activated as a new version, read back.</summary>
public interface IConfigurationService
{
    /// <summary>Validates a document without storing it; a failure lists every error as (path, reason).</summary>
    Task<Result<string>> ValidateAsync(string kind, string json, CancellationToken cancellationToken);

    /// <summary>Validates and stores a document as the active version; returns the stored document.</summary>
    Task<Result<StoredDocument>> ActivateAsync(string kind, string json, CancellationToken cancellationToken);

    /// <summary>The active documents of a kind; a failure when the kind is unknown.</summary>
    Task<Result<IReadOnlyList<StoredDocument>>> GetActiveAsync(string kind, CancellationToken cancellationToken);
}
