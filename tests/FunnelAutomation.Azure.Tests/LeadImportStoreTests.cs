using FunnelAutomation.Application.Leads.Import;
using FunnelAutomation.Azure.Leads;
using FunnelAutomation.Azure.Queues;

namespace FunnelAutomation.Azure.Tests;

/// <summary>Issue 14's import store and batch sender on Azurite: report rows in one transaction per batch, read back in
/// row order; a batch marked twice counts once; a batch too large for one message is split, nothing lost.</summary>
[Collection(UsesAzurite.Name)]
public sealed class LeadImportStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Report_rows_round_trip_in_row_order_and_progress_counts_each_batch_once()
    {
        var storage = await azurite.NewStorageAsync();
        var store = new LeadImportTableStore(storage.TableClient(storage.Names.LeadImports));
        const string id = "imp_0123456789abcdef0123456789abcdef";
        await store.SaveAsync(new LeadImport(id, LeadImportStatus.Processing, 150, 149, 1, T0) { ReceivedAt = T0.AddSeconds(1) }, default);
        var first = Enumerable.Range(2, 100).Select(r => new LeadImportRow(r, $"p{r}@x.example", LeadImportRow.Accepted, $"ld_{r}", [])).ToList();
        var second = Enumerable.Range(102, 50).Select(r => r == 120
            ? new LeadImportRow(r, "bad", LeadImportRow.Rejected, null, [new LeadImportFieldError("email", "not a valid email address"), new LeadImportFieldError("country", "use a two-letter ISO 3166 country code such as \"DE\"")])
            : new LeadImportRow(r, $"p{r}@x.example", LeadImportRow.Accepted, $"ld_{r}", [])).ToList();

        await Task.WhenAll(store.WriteReportAsync(id, second, default), store.WriteReportAsync(id, first, default));
        await store.WriteReportAsync(id, first, default); // a retried write is the same write
        await store.MarkProcessedAsync(id, "0000001", 100, T0.AddSeconds(5), default);
        await store.MarkProcessedAsync(id, "0000001", 100, T0.AddSeconds(6), default);
        var halfway = await store.GetAsync(id, default);
        await store.MarkProcessedAsync(id, "0000002", 49, T0.AddSeconds(9), default);
        var done = await store.GetAsync(id, default);

        var rows = new List<LeadImportRow>();
        await foreach (var row in store.ReadReportAsync(id, default))
        {
            rows.Add(row);
        }

        Assert.Equal(Enumerable.Range(2, 150), rows.Select(r => r.Row));
        Assert.Equal(["email", "country"], rows.Single(r => r.Row == 120).Errors.Select(e => e.Field));
        Assert.Equal((100, LeadImportStatus.Processing), (halfway!.Processed, halfway.Status));
        Assert.Equal((149, LeadImportStatus.Done, T0.AddSeconds(9)), (done!.Processed, done.Status, done.FinishedAt));
        Assert.Null(await store.GetAsync("imp_ffffffffffffffffffffffffffffffff", default));
    }

    [Fact]
    public async Task A_batch_too_large_for_one_message_is_split_into_parts_that_each_fit_and_together_hold_every_row()
    {
        var storage = await azurite.NewStorageAsync();
        await storage.InitializeAsync();
        var sender = new LeadImportSender(storage.Sender(QueueNames.LeadsImport));
        var rows = Enumerable.Range(2, 100).Select(r => new LeadImportBatchRow(r, new Dictionary<string, string?> { ["email"] = $"p{r}@x.example", ["notes"] = new string('ü', 150) })).ToList();
        var batch = new LeadImportBatch("imp_0123456789abcdef0123456789abcdef", "0000001", T0, rows);
        Assert.True(LeadImportSender.EnvelopeBytes(batch) > EnvelopeSender.MaxPayloadBytes, "the batch must not fit one message for this test to mean anything");

        await sender.SendAsync(batch, default);

        var queue = QueueClients.ForSending(azurite.ConnectionString, storage.Names.Queue(QueueNames.LeadsImport));
        var messages = (await queue.ReceiveMessagesAsync(32)).Value;
        var parts = messages.Select(m => MessageEnvelope.TryParse(m.MessageText, out var e, out _) ? e!.GetPayload<LeadImportBatch>() : throw new InvalidOperationException(m.MessageText)).ToList();
        Assert.True(parts.Count > 1);
        Assert.Equal(rows.Select(r => r.Row), parts.SelectMany(p => p.Rows).Select(r => r.Row).Order());
        Assert.Equal(parts.Count, parts.Select(p => p.BatchId).Distinct().Count());
        Assert.All(parts, p => Assert.StartsWith("0000001", p.BatchId, StringComparison.Ordinal));
    }
}
