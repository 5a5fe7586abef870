using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Leads;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Azure.Adapters;

/// <summary><see cref="ILeadStore"/> on the lead table plus an owner index (partition = rep id, row = lead
/// id), so "my leads" is one partition query instead of a scan. The index is written after the lead and
/// verified against the lead on read, so a stale entry never shows a lead to the wrong rep.</summary>
public sealed class TableLeadStore(LeadRepository leads, TableClient ownerIndex) : ILeadStore
{
    public Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken) => leads.GetAsync(leadId, cancellationToken);

    public Task<Lead?> UpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken) =>
        WriteAsync(leadId, change, insertFirst: false, cancellationToken);

    public Task<Lead?> CreateOrUpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken) =>
        WriteAsync(leadId, change, insertFirst: true, cancellationToken);

    private async Task<Lead?> WriteAsync(string leadId, Func<Lead?, Lead?> change, bool insertFirst, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        string? previousOwner = null;
        var updated = await leads.TryUpdateAsync(leadId, current =>
        {
            previousOwner = current?.OwnerRepId;
            return change(current);
        }, insertFirst, cancellationToken).ConfigureAwait(false);
        if (updated is null)
        {
            return null;
        }

        if (updated.OwnerRepId != previousOwner)
        {
            if (updated.OwnerRepId is { } owner)
            {
                await ownerIndex.UpsertEntityAsync(new TableEntity(TableKeys.Encode(owner), TableKeys.Encode(leadId)) { ["LeadId"] = leadId }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            if (previousOwner is not null)
            {
                await ownerIndex.DeleteEntityAsync(TableKeys.Encode(previousOwner), TableKeys.Encode(leadId), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }

        return updated;
    }

    public async Task<IReadOnlyList<Lead>> ListByOwnerAsync(string repId, CancellationToken cancellationToken)
    {
        var result = new List<Lead>();
        var partition = TableKeys.Encode(repId);
        await foreach (var row in ownerIndex.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["LeadId"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var lead = await leads.GetAsync(row.GetString("LeadId"), cancellationToken).ConfigureAwait(false);
            if (lead is not null && lead.OwnerRepId == repId)
            {
                result.Add(lead);
            }
        }

        return result;
    }

    public async IAsyncEnumerable<Lead> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var lead in leads.ListAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return lead;
        }
    }
}
