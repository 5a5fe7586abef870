using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Azure.Leads;

/// <summary>Leads in Azure Tables: PartitionKey = lead id (from the email hash), RowKey = "lead".
/// One partition per lead spreads intake over the whole key space, and a lookup is a point read.
/// Queryable facts are plain columns; profile, score and history are JSON columns.</summary>
public sealed class LeadRepository : ILeadRepository
{
    public const string RowKey = "lead";
    private const int MaxAttempts = 100;

    private readonly TableClient _table;

    public LeadRepository(TableClient table)
    {
        ArgumentNullException.ThrowIfNull(table);
        _table = table;
    }

    public async Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(leadId, cancellationToken).ConfigureAwait(false))?.Lead;

    public Task<Lead?> FindByEmailAsync(string email, CancellationToken cancellationToken = default) =>
        GetAsync(LeadId.ForEmail(email), cancellationToken);

    public async Task<Lead> UpdateAsync(string leadId, Func<Lead?, Lead> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return await TryUpdateAsync(leadId, change, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The change for lead '{leadId}' produced no lead.");
    }

    /// <summary>Like <see cref="UpdateAsync"/>, but the change may return null (or the lead it was given) to
    /// write nothing; the result is then the stored lead, or null when there is none.</summary>
    public Task<Lead?> TryUpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken = default) =>
        TryUpdateAsync(leadId, change, insertFirst: false, cancellationToken);

    /// <summary>As <see cref="TryUpdateAsync(string, Func{Lead?, Lead?}, CancellationToken)"/>. <paramref name="insertFirst"/>:
    /// the lead is most likely new, so the first attempt applies the change to no lead and inserts without reading (a
    /// lead there after all is a conflict: read it, apply the change again).</summary>
    public async Task<Lead?> TryUpdateAsync(string leadId, Func<Lead?, Lead?> change, bool insertFirst, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 0; ; attempt++)
        {
            var guessed = insertFirst && attempt == 0;
            var current = guessed ? null : await ReadAsync(leadId, cancellationToken).ConfigureAwait(false);
            var next = change(current?.Lead);
            if (next is null || ReferenceEquals(next, current?.Lead))
            {
                return current?.Lead;
            }

            if (next.Id != leadId)
            {
                throw new InvalidOperationException($"The change turned lead '{leadId}' into lead '{next.Id}'; a lead's id never changes.");
            }

            var entity = ToEntity(next);
            try
            {
                if (current is null)
                {
                    await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return next;
            }
            catch (RequestFailedException ex) when ((ex.IsConflict() || ex.IsPreconditionFailed()) && attempt < MaxAttempts)
            {
                // Someone else wrote first: re-read and apply the change to their version (at once after a wrong guess).
                if (!guessed)
                {
                    await TableStatus.BackoffAsync(attempt, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    public async Task<LeadUpsertResult> UpsertSubmissionAsync(LeadProfile profile, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var normalized = profile with { Email = EmailAddress.Normalize(profile.Email) };
        var leadId = LeadId.ForEmail(normalized.Email);
        var created = false;
        var lead = await UpdateAsync(
            leadId,
            existing =>
            {
                created = existing is null;
                return existing is null
                    ? new Lead { Id = leadId, Profile = normalized, CreatedAt = now, UpdatedAt = now }
                    : existing with
                    {
                        Profile = LeadSubmissionMerge.Merge(existing.Profile, normalized),
                        UpdatedAt = now > existing.UpdatedAt ? now : existing.UpdatedAt,
                    };
            },
            cancellationToken).ConfigureAwait(false);
        return new LeadUpsertResult(lead, created);
    }

    public async Task<bool> DeleteAsync(string leadId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        var response = await _table.DeleteEntityAsync(TableKeys.Encode(leadId), RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != TableStatus.NotFound;
    }

    public async IAsyncEnumerable<Lead> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {RowKey}"), cancellationToken: cancellationToken);
        await foreach (var entity in query.ConfigureAwait(false))
        {
            yield return FromEntity(entity);
        }
    }

    internal static TableEntity ToEntity(Lead lead)
    {
        var entity = new TableEntity(TableKeys.Encode(lead.Id), RowKey)
        {
            ["SchemaVersion"] = 1,
            ["LeadId"] = lead.Id,
            ["Email"] = lead.Profile.Email,
            ["Company"] = lead.Profile.Company,
            ["Country"] = lead.Profile.Country,
            ["Source"] = lead.Profile.Source,
            ["CreatedAt"] = lead.CreatedAt,
            ["UpdatedAt"] = lead.UpdatedAt,
            ["OwnerRepId"] = lead.OwnerRepId,
            ["AssignmentQueue"] = lead.AssignmentQueue,
            ["AssignmentKey"] = lead.AssignmentKey,
            ["AssignedAt"] = lead.AssignedAt,
            ["RoutingJson"] = lead.RoutingExplanation.Count == 0 ? null : StorageJson.Serialize(lead.RoutingExplanation),
            ["PipelineId"] = lead.PipelineId,
            ["Stage"] = lead.Stage,
            ["Status"] = lead.Status.ToString(),
            ["LostReason"] = lead.LostReason,
            ["Amount"] = lead.Amount?.ToString(CultureInfo.InvariantCulture),
            ["ScoreTotal"] = lead.Score?.Total,
            ["Grade"] = lead.Score?.Grade.ToString(),
            ["Priority"] = lead.Score?.Priority.ToString(),
            ["ProfileJson"] = StorageJson.Serialize(lead.Profile),
        };
        if (lead.Score is not null)
        {
            LargeColumns.Write(entity, "ScoreJson", StorageJson.Serialize(lead.Score));
        }

        LargeColumns.Write(entity, "HistoryJson", StorageJson.Serialize(lead.History));
        LargeColumns.RemoveNulls(entity);
        LargeColumns.EnsureFits(entity, $"Lead {lead.Id}");
        return entity;
    }

    internal static Lead FromEntity(TableEntity entity)
    {
        var scoreJson = LargeColumns.Read(entity, "ScoreJson");
        var historyJson = LargeColumns.Read(entity, "HistoryJson");
        var amount = entity.GetString("Amount");
        return new Lead
        {
            Id = entity.GetString("LeadId"),
            Profile = StorageJson.Deserialize<LeadProfile>(entity.GetString("ProfileJson")),
            CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
            UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
            Score = scoreJson is null ? null : StorageJson.Deserialize<LeadScore>(scoreJson),
            OwnerRepId = entity.GetString("OwnerRepId"),
            AssignmentQueue = entity.GetString("AssignmentQueue"),
            AssignmentKey = entity.GetString("AssignmentKey"),
            AssignedAt = entity.GetDateTimeOffset("AssignedAt"),
            RoutingExplanation = entity.GetString("RoutingJson") is { } routing ? StorageJson.Deserialize<List<string>>(routing) : [],
            PipelineId = entity.GetString("PipelineId"),
            Stage = entity.GetString("Stage"),
            History = historyJson is null ? [] : StorageJson.Deserialize<List<StageTransition>>(historyJson),
            Status = Enum.Parse<LeadStatus>(entity.GetString("Status") ?? nameof(LeadStatus.Open)),
            LostReason = entity.GetString("LostReason"),
            Amount = amount is null ? null : decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture),
        };
    }

    private async Task<StoredLead?> ReadAsync(string leadId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(leadId), RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? new StoredLead(FromEntity(entity), entity.ETag) : null;
    }

    private sealed record StoredLead(Lead Lead, ETag ETag);
}
