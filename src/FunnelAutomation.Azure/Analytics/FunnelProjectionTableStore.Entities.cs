using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Analytics;

namespace FunnelAutomation.Azure.Analytics;

/// <summary>How the projection's rows are stored: each table's entity and back (the columns are the README's).</summary>
public sealed partial class FunnelProjectionTableStore
{
    private static TableEntity ToEntity(FunnelBucketKey key, FunnelCounters counters, string rowKey) => new(BucketPartition(key.PipelineId, key.Cohort), rowKey)
    {
        ["PipelineId"] = key.PipelineId,
        ["Cohort"] = key.Cohort.ToString(),
        ["Source"] = key.Source,
        ["OwnerRepId"] = key.OwnerRepId,
        ["Team"] = key.Team,
        ["Grade"] = key.Grade,
        ["Counters"] = JsonSerializer.Serialize(
            new CountersColumn(counters.Reached, counters.Won, counters.Lost, counters.WonCycleDays, counters.WonAmount, counters.WonWithAmount, counters.StageDays, counters.StageStays),
            Json),
    };

    private static FunnelBucket ToBucket(TableEntity entity) => new(
        new FunnelBucketKey(
            entity.GetRequiredString("PipelineId"),
            CohortMonth.Parse(entity.GetRequiredString("Cohort")),
            entity.GetString("Source") ?? FunnelBucketKey.None,
            entity.GetString("OwnerRepId") ?? FunnelBucketKey.None,
            entity.GetString("Team") ?? FunnelBucketKey.None,
            entity.GetString("Grade") ?? FunnelBucketKey.None),
        ReadCounters(entity));

    private static FunnelCounters ReadCounters(TableEntity entity)
    {
        var column = JsonSerializer.Deserialize<CountersColumn>(entity.GetRequiredString("Counters"), Json)
            ?? throw new JsonException($"Row {entity.PartitionKey}/{entity.RowKey} has empty counters.");
        var counters = new FunnelCounters
        {
            Won = column.Won,
            Lost = column.Lost,
            WonCycleDays = column.WonCycleDays,
            WonAmount = column.WonAmount,
            WonWithAmount = column.WonWithAmount,
        };
        foreach (var (stage, count) in column.Reached ?? Empty<long>())
        {
            counters.Reached[stage] = count;
        }

        foreach (var (stage, days) in column.StageDays ?? Empty<decimal>())
        {
            counters.StageDays[stage] = days;
        }

        foreach (var (stage, stays) in column.StageStays ?? Empty<long>())
        {
            counters.StageStays[stage] = stays;
        }

        return counters;
    }

    private static Dictionary<string, T> Empty<T>() => [];

    private static TableEntity ToEntity(OpenLeadRow row)
    {
        var entity = new TableEntity(OpenPartition(row.PipelineId, row.LeadId), TableKeys.Encode(row.LeadId))
        {
            ["LeadId"] = row.LeadId,
            ["PipelineId"] = row.PipelineId,
            ["Cohort"] = row.Bucket.Cohort.ToString(),
            ["Source"] = row.Bucket.Source,
            ["OwnerRepId"] = row.Bucket.OwnerRepId,
            ["Team"] = row.Bucket.Team,
            ["Grade"] = row.Bucket.Grade,
            ["Stage"] = row.Stage,
            ["StageEnteredAt"] = row.StageEnteredAt,
            // Decimal has no Edm type: kept as invariant text so amounts round-trip exactly.
            ["Amount"] = row.Amount?.ToString(CultureInfo.InvariantCulture),
            ["Version"] = row.Version,
        };
        LargeColumns.RemoveNulls(entity);
        return entity;
    }

    private static OpenLeadRow ToOpenRow(TableEntity entity) => new(
        entity.GetRequiredString("LeadId"),
        new FunnelBucketKey(
            entity.GetRequiredString("PipelineId"),
            CohortMonth.Parse(entity.GetRequiredString("Cohort")),
            entity.GetString("Source") ?? FunnelBucketKey.None,
            entity.GetString("OwnerRepId") ?? FunnelBucketKey.None,
            entity.GetString("Team") ?? FunnelBucketKey.None,
            entity.GetString("Grade") ?? FunnelBucketKey.None),
        entity.GetRequiredString("Stage"),
        entity.GetDateTimeOffset("StageEnteredAt") ?? default,
        entity.GetString("Amount") is { } amount ? decimal.Parse(amount, NumberStyles.Number, CultureInfo.InvariantCulture) : null,
        ReadVersion(entity));

    private static DateTimeOffset ReadVersion(TableEntity entity) => entity.GetDateTimeOffset("Version") ?? DateTimeOffset.MinValue;

    private static TableEntity ToEntity(SequenceStepCounters counters, string rowKey) => new(TableKeys.Encode(counters.SequenceId), rowKey)
    {
        ["SequenceId"] = counters.SequenceId,
        ["StepId"] = counters.StepId,
        ["VariantId"] = counters.VariantId,
        ["Sent"] = counters.Sent,
        ["Delivered"] = counters.Delivered,
        ["Opened"] = counters.Opened,
        ["Clicked"] = counters.Clicked,
        ["Replied"] = counters.Replied,
        ["Unsubscribed"] = counters.Unsubscribed,
        ["Conversions"] = counters.Conversions,
    };

    private static SequenceStepCounters ToSequenceCounters(TableEntity entity)
    {
        var values = SequenceColumns.Select(c => entity.GetInt64(c) ?? 0).ToArray();
        return new SequenceStepCounters(
            entity.GetRequiredString("SequenceId"),
            entity.GetRequiredString("StepId"),
            values[0], values[1], values[2], values[3], values[4], values[5], values[6])
        {
            VariantId = entity.GetString("VariantId"),
        };
    }

    private static VariantSwitch ToSwitch(TableEntity entity) =>
        JsonSerializer.Deserialize<VariantSwitch>(entity.GetRequiredString("Switch"), Json)
        ?? throw new InvalidOperationException($"Row {entity.PartitionKey}/{entity.RowKey} has an empty 'Switch' column.");

    /// <summary>The stored shape of <see cref="FunnelCounters"/> (decimals as JSON numbers: exact).</summary>
    private sealed record CountersColumn(
        IReadOnlyDictionary<string, long>? Reached,
        long Won,
        long Lost,
        decimal WonCycleDays,
        decimal WonAmount,
        long WonWithAmount,
        IReadOnlyDictionary<string, decimal>? StageDays,
        IReadOnlyDictionary<string, long>? StageStays);
}
