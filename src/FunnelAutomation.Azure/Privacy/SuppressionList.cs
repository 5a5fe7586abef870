using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Azure.Privacy;

/// <summary>Suppressions in Azure Tables: PartitionKey = SHA-256 hex of the normalised email, RowKey =
/// "suppression". Checking before a send is a point read; hashes spread writes evenly.
/// It is the application's suppression port itself (no wrapper): the port's writes are stamped with the clock.</summary>
public sealed class SuppressionList : Application.Ports.ISuppressionList
{
    public const string RowKey = "suppression";

    private readonly TableClient _table;
    private readonly TimeProvider _time;

    public SuppressionList(TableClient table, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
        _time = time ?? TimeProvider.System;
    }

    Task Application.Ports.ISuppressionList.SuppressAsync(string email, string reason, CancellationToken cancellationToken) =>
        SuppressAsync(email, reason, _time.GetUtcNow(), cancellationToken);

    /// <summary>A person erased and signing up again has asked to hear from us: only the erasure's entry is lifted.
    /// One read of the entry, which also answers whether the address stays suppressed (for another reason).</summary>
    public async Task<bool?> LiftErasureAsync(string email, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(HashEmail(email), RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return false;
        }

        if (entity.GetString("Reason") != PersonalDataEraser.ErasureReason)
        {
            return true;
        }

        // Deleted only as read: an entry written meanwhile for another reason stays, and what it is then is not known.
        return await DeleteAsReadAsync(entity, cancellationToken).ConfigureAwait(false) ? false : null;
    }

    /// <summary>The stored form of an email: SHA-256 (lower-case hex) of its normalised form.</summary>
    public static string HashEmail(string email) => TableKeys.Sha256Hex(EmailAddress.Normalize(email));

    public async Task<bool> SuppressAsync(string email, string reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        var entity = new TableEntity(HashEmail(email), RowKey)
        {
            ["Reason"] = reason,
            ["At"] = at,
        };
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            return false;
        }
    }

    private async Task<bool> DeleteAsReadAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken = default) =>
        await GetAsync(email, cancellationToken).ConfigureAwait(false) is not null;

    public async Task<SuppressionEntry?> GetAsync(string email, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(HashEmail(email), RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity
            ? new SuppressionEntry(entity.PartitionKey, entity.GetRequiredString("Reason"), entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue)
            : null;
    }
}

/// <summary>A suppression as stored: the email's hash (never the email), why and when.</summary>
public sealed record SuppressionEntry(string EmailHash, string Reason, DateTimeOffset At);
