using System.Text.RegularExpressions;

namespace FunnelAutomation.Azure.Storage;

/// <summary>Table and queue names, with an optional prefix so tests (and several tenants or developers on
/// one storage account) never share tables. Tables are alphanumeric; queues are lower-case with hyphens.</summary>
public sealed partial class StorageNames
{
    public StorageNames(string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0 && !PrefixPattern().IsMatch(prefix))
        {
            throw new ArgumentException("A storage name prefix is 1–20 letters and digits, starting with a letter.", nameof(prefix));
        }

        Prefix = prefix;
    }

    public string Prefix { get; }

    public string Leads => Table("Leads");

    public string Reps => Table("Reps");

    public string ConfigDocuments => Table("ConfigDocuments");

    public string CustomerActions => Table("CustomerActions");

    public string SentEmails => Table("SentEmails");

    public string EmailOutbox => Table("EmailOutbox");

    public string Suppressions => Table("Suppressions");

    public string IdempotencyRecords => Table("IdempotencyRecords");

    /// <summary>Index of leads by owner rep (the "my leads" list).</summary>
    public string LeadOwners => Table("LeadOwners");

    /// <summary>Shared routing state: round-robin cursors, rep loads, account owners.</summary>
    public string RoutingState => Table("RoutingState");

    /// <summary>What happened to each lead that no other table keeps (its timeline's held emails, reassignments…).</summary>
    public string LeadEvents => Table("LeadEvents");

    /// <summary>Bulk imports: each import's head, per-row report and processed batches.</summary>
    public string LeadImports => Table("LeadImports");

    public IReadOnlyList<string> AllTables =>
        [Leads, Reps, ConfigDocuments, CustomerActions, SentEmails, EmailOutbox, Suppressions, IdempotencyRecords, LeadOwners, RoutingState, LeadEvents, LeadImports];

    public string Table(string name) => Prefix + name;

    /// <summary>The physical queue name for a logical one (<see cref="Queues.QueueNames"/>).</summary>
    public string Queue(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Prefix.Length == 0 ? name : Prefix.ToLowerInvariant() + "-" + name;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,19}$")]
    private static partial Regex PrefixPattern();
}
