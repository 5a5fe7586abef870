namespace FunnelAutomation.Application.Leads.Import;

/// <summary>How an import is written and processed (section <c>Funnel:Import</c>).</summary>
public sealed class LeadImportOptions
{
    public const string Section = "Funnel:Import";

    /// <summary>Rows per report write and per queued batch: a table entity-group transaction holds at most 100.</summary>
    public int MaxRowsPerWrite { get; set; } = 100;

    /// <summary>Writes (report + queue) in flight while the upload is read: they overlap the parsing, and bound
    /// what is held in memory to this many batches.</summary>
    public int WritesInFlight { get; set; } = 8;

    /// <summary>Rows of one batch run through intake at once.</summary>
    public int RowConcurrency { get; set; } = 4;

    /// <summary>The local Host holds its import listener while an upload is read on it: on a small machine both
    /// compete for the cores, and accepting the upload is what a client waits on.</summary>
    public bool HoldProcessingDuringUploads { get; set; } = true;

    /// <summary>Longest CSV field; a longer one stops the upload (no lead field is near it).</summary>
    public int MaxFieldChars { get; set; } = 4096;
}
