using System.Globalization;
using Azure;
using Azure.Data.Tables;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure.Email;

/// <summary>Sent emails in two tables. SentEmails: PartitionKey = lead id, RowKey = "s_{stepKey}"
/// (insert-if-absent = idempotent send record; erasure deletes one partition). EmailOutbox: PartitionKey =
/// "b{bucket}-{inverted day}" with the bucket a hash of the lead id (16 buckets), RowKey = inverted ticks
/// + lead + step. Sends spread over 16 partitions per day instead of one hot "latest" partition, and each
/// bucket's range query already returns newest first, so listing merges 16 sorted streams.</summary>
public sealed class SentEmailLog : ISentEmailLog
{
    public const int OutboxBuckets = 16;
    private const string RowPrefix = "s_";

    private readonly TableClient _emails;
    private readonly TableClient _outbox;

    public SentEmailLog(TableClient emails, TableClient outbox)
    {
        ArgumentNullException.ThrowIfNull(emails);
        ArgumentNullException.ThrowIfNull(outbox);
        _emails = emails;
        _outbox = outbox;
    }

    public async Task<bool> TryRecordAsync(SentEmail email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(email);
        var entity = new TableEntity(Partition(email.LeadId), RowKey(email.StepKey))
        {
            ["LeadId"] = email.LeadId,
            ["StepKey"] = email.StepKey,
            ["To"] = email.To,
            ["From"] = email.From,
            ["Subject"] = email.Subject,
            ["SentAt"] = email.SentAt,
            ["Channel"] = email.Channel,
            ["ProviderMessageId"] = email.ProviderMessageId,
        };
        WriteContent(entity, email);
        LargeColumns.EnsureFits(entity, $"Email {email.StepKey} to lead {email.LeadId}");

        var recorded = true;
        var stored = email;
        try
        {
            await _emails.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            recorded = false;
            stored = await GetAsync(email.LeadId, email.StepKey, cancellationToken).ConfigureAwait(false) ?? email;
        }

        // Written after the record and repeated on a duplicate: a crash between the two writes heals on retry.
        await _outbox.UpsertEntityAsync(ToOutboxEntity(stored), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        return recorded;
    }

    public async Task<SentEmail?> GetAsync(string leadId, string stepKey, CancellationToken cancellationToken = default)
    {
        var response = await _emails.GetEntityIfExistsAsync<TableEntity>(Partition(leadId), RowKey(stepKey), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value is { } entity ? FromEntity(entity) : null;
    }

    public async Task<IReadOnlyList<SentEmail>> ListForLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        var emails = new List<SentEmail>();
        await foreach (var entity in QueryLead(leadId, select: null, cancellationToken).ConfigureAwait(false))
        {
            emails.Add(FromEntity(entity));
        }

        return emails.OrderByDescending(e => e.SentAt).ToList();
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(int take = 50, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        var perBucket = Enumerable.Range(0, OutboxBuckets)
            .Select(bucket => ReadBucketAsync(bucket, take, cancellationToken));
        var buckets = await Task.WhenAll(perBucket).ConfigureAwait(false);
        return buckets
            .SelectMany(b => b)
            .OrderBy(e => e.RowKey, StringComparer.Ordinal)
            .Take(take)
            .Select(e => new OutboxEntry(
                e.GetString("LeadId"),
                e.GetString("StepKey"),
                e.GetString("To"),
                e.GetString("Subject"),
                e.GetDateTimeOffset("SentAt") ?? DateTimeOffset.MinValue,
                e.GetString("Channel"))
            {
                HtmlBody = LargeColumns.Read(e, "HtmlBody"),
                TextBody = LargeColumns.Read(e, "TextBody"),
                UnsubscribeUrl = e.GetString("UnsubscribeUrl"),
                TemplateId = e.GetString("TemplateId"),
                TemplateData = TemplateDataOf(e),
                VariantId = e.GetString("VariantId"),
            })
            .ToList();
    }

    public async Task<int> DeleteForLeadAsync(string leadId, CancellationToken cancellationToken = default)
    {
        var rows = new List<SentEmail>();
        await foreach (var entity in QueryLead(leadId, ["LeadId", "StepKey", "To", "Subject", "SentAt"], cancellationToken).ConfigureAwait(false))
        {
            rows.Add(FromEntity(entity));
        }

        // Outbox rows first: their keys are computed from the per-lead rows, which must still exist on a retry.
        foreach (var email in rows)
        {
            var outbox = ToOutboxEntity(email);
            await _outbox.DeleteEntityAsync(outbox.PartitionKey, outbox.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }

        await PartitionDeleter.DeleteAsync(_emails, Partition(leadId), rows.Select(r => RowKey(r.StepKey)).ToList(), cancellationToken).ConfigureAwait(false);
        return rows.Count;
    }

    private async Task<List<TableEntity>> ReadBucketAsync(int bucket, int take, CancellationToken cancellationToken)
    {
        // "b07-" .. "b07." spans every day of bucket 7; newer days sort first because the day is inverted.
        var prefix = BucketPrefix(bucket);
        var rows = new List<TableEntity>(take);
        var query = _outbox.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey ge {prefix + "-"} and PartitionKey lt {prefix + "."}"),
            maxPerPage: Math.Min(take, 1000),
            cancellationToken: cancellationToken);
        await foreach (var entity in query.ConfigureAwait(false))
        {
            rows.Add(entity);
            if (rows.Count == take)
            {
                break;
            }
        }

        return rows;
    }

    private AsyncPageable<TableEntity> QueryLead(string leadId, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var partition = Partition(leadId);
        return _emails.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {RowPrefix} and RowKey lt {"s`"}"),
            select: select,
            cancellationToken: cancellationToken);
    }

    private static TableEntity ToOutboxEntity(SentEmail email)
    {
        var day = email.SentAt.UtcDateTime;
        var invertedDay = 99_999_999 - ((day.Year * 10_000) + (day.Month * 100) + day.Day);
        var partition = BucketPrefix(TableKeys.Bucket(email.LeadId, OutboxBuckets)) + "-" + invertedDay.ToString("D8", CultureInfo.InvariantCulture);
        var rowKey = TableKeys.InvertedTicks(email.SentAt) + "_" + TableKeys.Encode(email.LeadId) + "_" + TableKeys.Encode(email.StepKey);
        var entity = new TableEntity(partition, rowKey)
        {
            ["LeadId"] = email.LeadId,
            ["StepKey"] = email.StepKey,
            ["To"] = email.To,
            ["Subject"] = email.Subject,
            ["SentAt"] = email.SentAt,
            ["Channel"] = email.Channel,
        };
        // The outbox opens an email from its list, so its row carries the content too.
        WriteContent(entity, email);
        LargeColumns.EnsureFits(entity, $"Outbox entry of email {email.StepKey} to lead {email.LeadId}");
        return entity;
    }

    /// <summary>Bodies (across columns when long), unsubscribe link, template id and data; nulls left out.</summary>
    private static void WriteContent(TableEntity entity, SentEmail email)
    {
        LargeColumns.Write(entity, "HtmlBody", email.HtmlBody);
        LargeColumns.Write(entity, "TextBody", email.TextBody);
        entity["UnsubscribeUrl"] = email.UnsubscribeUrl;
        entity["TemplateId"] = email.TemplateId;
        entity["TemplateData"] = email.TemplateData is { Count: > 0 } data ? StorageJson.Serialize(data) : null;
        entity["VariantId"] = email.VariantId;
        LargeColumns.RemoveNulls(entity);
    }

    private static Dictionary<string, string>? TemplateDataOf(TableEntity entity) =>
        entity.GetString("TemplateData") is { } json ? StorageJson.Deserialize<Dictionary<string, string>>(json) : null;

    private static SentEmail FromEntity(TableEntity entity) => new()
    {
        LeadId = entity.GetString("LeadId"),
        StepKey = entity.GetString("StepKey"),
        To = entity.GetString("To"),
        From = entity.GetString("From"),
        Subject = entity.GetString("Subject"),
        SentAt = entity.GetDateTimeOffset("SentAt") ?? DateTimeOffset.MinValue,
        Channel = entity.GetString("Channel"),
        ProviderMessageId = entity.GetString("ProviderMessageId"),
        HtmlBody = LargeColumns.Read(entity, "HtmlBody"),
        TextBody = LargeColumns.Read(entity, "TextBody"),
        UnsubscribeUrl = entity.GetString("UnsubscribeUrl"),
        TemplateId = entity.GetString("TemplateId"),
        TemplateData = TemplateDataOf(entity),
        VariantId = entity.GetString("VariantId"),
    };

    private static string BucketPrefix(int bucket) => "b" + bucket.ToString("D2", CultureInfo.InvariantCulture);

    private static string RowKey(string stepKey) => RowPrefix + TableKeys.Encode(stepKey);

    private static string Partition(string leadId)
    {
        ArgumentException.ThrowIfNullOrEmpty(leadId);
        return TableKeys.Encode(leadId);
    }
}
