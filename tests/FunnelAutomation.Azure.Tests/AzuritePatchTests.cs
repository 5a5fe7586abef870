using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using FunnelAutomation.TestSupport;

namespace FunnelAutomation.Azure.Tests;

/// <summary>scripts/patch-azurite.js makes the pinned Azurite serve partition queries and point lookups from its
/// PartitionKey index, and queue requests without rebuilding the message indexes. These tests hold it to what
/// unpatched Azurite (and Azure Storage) return: the same entities for every filter shape, including keys LokiJS's
/// index orders loosely ("", "0", "00", "9", "10"), and the same messages per queue, with expiry.</summary>
[Collection(UsesAzurite.Name)]
public sealed class AzuritePatchTests(AzuriteFixture azurite)
{
    // Numeric-looking and empty keys: LokiJS's index compares these as numbers, so "0" and "00" sit together.
    private static readonly string[] Partitions = ["", "0", "00", "9", "10", "p", "p1", "P"];
    private static readonly string[] Rows = ["", "0", "00", "1", "a"];

    [Theory]
    [InlineData("table/persistence/LokiTableMetadataStore.js", "funnel-automation: partition index")]
    [InlineData("queue/persistence/LokiQueueMetadataStore.js", "funnel-automation: queue index v2")]
    [InlineData("common/persistence/LokiExtentMetadataStore.js", "funnel-automation: extent removal")]
    public void The_installed_azurite_carries_the_patches(string file, string marker)
    {
        var root = AzuriteServer.FindRepositoryRoot()!;
        var store = Path.Combine(root, "node_modules/azurite/dist/src", file);

        Assert.True(File.Exists(store), "run npm ci (scripts/test.sh does)");
        Assert.Contains(marker, File.ReadAllText(store));
    }

    [Fact]
    public async Task Each_queue_gives_its_own_messages_in_order_and_drops_the_expired_ones()
    {
        var prefix = azurite.NewPrefix().ToLowerInvariant();
        var (a, b) = (new QueueClient(azurite.ConnectionString, prefix + "-a"), new QueueClient(azurite.ConnectionString, prefix + "-b"));
        await a.CreateAsync();
        await b.CreateAsync();
        for (var i = 0; i < 40; i++)
        {
            await a.SendMessageAsync($"a{i:D2}");
            await b.SendMessageAsync($"b{i:D2}", visibilityTimeout: i % 2 == 0 ? TimeSpan.FromHours(1) : null);
        }

        await a.SendMessageAsync("short-lived", timeToLive: TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var fromA = new List<string>();
        while ((await a.ReceiveMessagesAsync(maxMessages: 7)).Value is { Length: > 0 } got)
        {
            foreach (var message in got)
            {
                fromA.Add(message.MessageText);
                await a.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        var fromB = (await b.ReceiveMessagesAsync(maxMessages: 32)).Value.Select(m => m.MessageText).ToList();
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"a{i:D2}"), fromA);
        Assert.Equal(Enumerable.Range(0, 40).Where(i => i % 2 == 1).Select(i => $"b{i:D2}"), fromB);
        Assert.Equal(0, (await a.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(40, (await b.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Every_filter_shape_returns_what_a_whole_table_filter_returns()
    {
        var table = await FilledTableAsync();
        var all = Partitions.SelectMany(p => Rows.Select(r => (p, r))).ToList();

        await AssertQuery(table, "PartitionKey eq '0'", all.Where(e => e.p == "0"));
        await AssertQuery(table, "PartitionKey eq ''", all.Where(e => e.p == ""));
        await AssertQuery(table, "PartitionKey eq '10' and RowKey ge '1'", all.Where(e => e.p == "10" && string.CompareOrdinal(e.r, "1") >= 0));
        await AssertQuery(table, "RowKey eq '00' and PartitionKey eq '00'", [("00", "00")]);
        await AssertQuery(table, "(PartitionKey eq 'p') and (Value gt 2)", all.Where(e => e.p == "p" && Value(e.p, e.r) > 2));
        await AssertQuery(table, "PartitionKey eq 'p' or PartitionKey eq '9'", all.Where(e => e.p is "p" or "9"));
        await AssertQuery(table, "not (PartitionKey eq 'p')", all.Where(e => e.p != "p"));
        await AssertQuery(table, "PartitionKey eq 'nowhere'", []);
        await AssertQuery(table, "PartitionKey ne 'p' and PartitionKey eq 'P'", all.Where(e => e.p == "P"));
        await AssertQuery(table, "RowKey eq 'a'", all.Where(e => e.r == "a"));
    }

    [Fact]
    public async Task A_partition_larger_than_a_page_is_returned_whole_across_continuations()
    {
        var table = new TableClient(azurite.ConnectionString, azurite.NewPrefix() + "Paged");
        await table.CreateAsync();
        foreach (var partition in new[] { "big", "other" })
        {
            foreach (var chunk in Enumerable.Range(0, 1_250).Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                    new TableEntity(partition, $"{i:D5}"))));
            }
        }

        var pages = 0;
        var keys = new List<string>();
        await foreach (var page in table.QueryAsync<TableEntity>("PartitionKey eq 'big'", maxPerPage: 400).AsPages())
        {
            pages++;
            keys.AddRange(page.Values.Select(e => $"{e.PartitionKey}/{e.RowKey}"));
        }

        Assert.True(pages >= 4, $"{pages} pages");
        Assert.Equal(Enumerable.Range(0, 1_250).Select(i => $"big/{i:D5}"), keys);
    }

    [Fact]
    public async Task Point_reads_and_writes_find_the_entity_with_exactly_those_keys()
    {
        var table = await FilledTableAsync();

        foreach (var p in Partitions)
        {
            foreach (var r in Rows)
            {
                var entity = (await table.GetEntityAsync<TableEntity>(p, r)).Value;
                Assert.Equal((p, r, Value(p, r)), (entity.PartitionKey, entity.RowKey, entity.GetInt32("Value")));
            }
        }

        await table.UpdateEntityAsync(new TableEntity("0", "00") { ["Value"] = -1 }, ETag.All, TableUpdateMode.Replace);
        await table.DeleteEntityAsync("00", "0");
        var duplicate = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("", "")));
        Assert.Equal(409, duplicate.Status);
        await table.AddEntityAsync(new TableEntity("00", "0") { ["Value"] = -2 });

        Assert.Equal(-1, (await table.GetEntityAsync<TableEntity>("0", "00")).Value.GetInt32("Value"));
        Assert.Equal(-2, (await table.GetEntityAsync<TableEntity>("00", "0")).Value.GetInt32("Value"));
        Assert.Equal(Value("00", "00"), (await table.GetEntityAsync<TableEntity>("00", "00")).Value.GetInt32("Value"));
        Assert.Equal(Value("0", "0"), (await table.GetEntityAsync<TableEntity>("0", "0")).Value.GetInt32("Value"));
        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("000", "0"));
        Assert.Equal(404, missing.Status);
    }

    private async Task<TableClient> FilledTableAsync()
    {
        var table = new TableClient(azurite.ConnectionString, azurite.NewPrefix() + "Keys");
        await table.CreateAsync();
        foreach (var p in Partitions)
        {
            await table.SubmitTransactionAsync(Rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity(p, r) { ["Value"] = Value(p, r) })));
        }

        return table;
    }

    private static int Value(string partition, string row) =>
        Array.IndexOf(Partitions, partition) * Rows.Length + Array.IndexOf(Rows, row);

    private static async Task AssertQuery(TableClient table, string filter, IEnumerable<(string p, string r)> expected)
    {
        var found = new List<(string, string)>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter))
        {
            found.Add((entity.PartitionKey, entity.RowKey));
        }

        Assert.True(expected.Order().SequenceEqual(found.Order()),
            $"{filter}: expected [{string.Join(", ", expected.Order())}], got [{string.Join(", ", found.Order())}]");
    }
}
