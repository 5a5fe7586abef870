namespace FunnelAutomation.Application.Leads.Import;

/// <summary>Where an import stands. <see cref="Receiving"/> while the upload is read; <see cref="Processing"/> once
/// every accepted row is durably queued; <see cref="Done"/> when every accepted row went through intake;
/// <see cref="Failed"/> when the upload broke off (what was accepted before that stays accepted and is processed).</summary>
public static class LeadImportStatus
{
    public const string Receiving = "receiving";
    public const string Processing = "processing";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>The stored head of an import: counts of the upload, and when it started and was read to its end.</summary>
public sealed record LeadImport(string ImportId, string Status, int Received, int Accepted, int Rejected, DateTimeOffset StartedAt)
{
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>Why the upload broke off (status failed).</summary>
    public string? Error { get; init; }
}

/// <summary>What the progress route answers: the head plus the rows intake has processed.</summary>
public sealed record LeadImportProgress(
    string ImportId, string Status, int Received, int Accepted, int Rejected, int Processed,
    DateTimeOffset StartedAt, DateTimeOffset? ReceivedAt, DateTimeOffset? FinishedAt, string? Error)
{
    /// <summary>Done once every accepted row is processed (or none was accepted); a failed upload stays failed.</summary>
    public static LeadImportProgress Of(LeadImport head, int processed, DateTimeOffset? lastProcessedAt)
    {
        ArgumentNullException.ThrowIfNull(head);
        var done = head.Status == LeadImportStatus.Processing && processed >= head.Accepted;
        return new LeadImportProgress(
            head.ImportId, done ? LeadImportStatus.Done : head.Status, head.Received, head.Accepted, head.Rejected, processed,
            head.StartedAt, head.ReceivedAt, done ? Later(head.ReceivedAt, lastProcessedAt) : null, head.Error);
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

/// <summary>One data row of an import (<see cref="Row"/> is the CSV line number, header = 1).</summary>
public sealed record LeadImportRow(int Row, string? Email, string Status, string? LeadId, IReadOnlyList<LeadImportFieldError> Errors)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
}

public sealed record LeadImportFieldError(string Field, string Reason);

/// <summary>Accepted rows of one import, queued together on <c>leads-import</c> (many rows per message). The
/// rows keep the import's <see cref="ReceivedAt"/>, so a redelivered batch is the same submissions again and
/// intake dedupes them (see <c>SubmissionKey</c>).</summary>
public sealed record LeadImportBatch(string ImportId, string BatchId, DateTimeOffset ReceivedAt, IReadOnlyList<LeadImportBatchRow> Rows)
{
    public const string MessageType = "lead-import-batch";
}

public sealed record LeadImportBatchRow(int Row, IReadOnlyDictionary<string, string?> Fields);
