using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Functions.Contracts;

// Stand-in for the Application layer's LeadIntakeService (being written elsewhere); the Functions project
// binds against this interface until the real service is merged, and registers no implementation for it.

/// <summary>Captures leads: validates a submission and turns a queued one into a stored, scored, routed lead
/// with a running journey.</summary>
public interface ILeadIntakeService
{
    /// <summary>Validates submitted form fields (every bad field named) into a message for the intake queue.</summary>
    Result<LeadSubmitted> ValidateForm(IReadOnlyDictionary<string, string?> fields, DateTimeOffset receivedAt);

    /// <summary>Validates and queues many leads (CSV or a JSON array); bad rows are reported, good ones kept.</summary>
    Task<Result<LeadImportReport>> ImportAsync(Stream body, string? contentType, CancellationToken cancellationToken);

    /// <summary>Processes one queued submission (idempotent: the same message twice has one effect).</summary>
    Task ProcessAsync(LeadSubmitted submitted, CancellationToken cancellationToken);
}

/// <summary>A validated submission on its way through the <c>leads-intake</c> queue.</summary>
public sealed record LeadSubmitted(string LeadId, IReadOnlyDictionary<string, string?> Fields, DateTimeOffset ReceivedAt);

/// <summary>What an import accepted and which rows it refused (path like <c>rows[3].email</c>).</summary>
public sealed record LeadImportReport(int Accepted, IReadOnlyList<ValidationError> Rejected);
