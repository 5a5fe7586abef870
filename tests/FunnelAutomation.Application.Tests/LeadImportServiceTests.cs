using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using FunnelAutomation.Application.Http;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Application.Leads.Import;
using FunnelAutomation.Application.Tests.Fakes;
using FunnelAutomation.Core.Leads;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunnelAutomation.Application.Tests;

/// <summary>Issue 14's import, over in-memory ports: parsing, batching, rejections naming the field, and processing
/// a batch twice with one effect.</summary>
public class LeadImportServiceTests
{
    private const string Header = "email,firstName,company,country,employees";

    [Fact]
    public async Task Rows_are_validated_like_a_form_post_and_each_rejection_names_its_fields()
    {
        var (service, store, sender, _) = await CreateAsync();

        var receipt = await service.ReceiveAsync(Csv($"{Header}\nana@sol.es,Ana,Sol,ES,120\nnot-an-email,Bad,Row,Germany,1\nkai@wave.jp,Kai,Wave,JP,many\n"), default);

        var import = receipt.Value.Import;
        Assert.Equal((3, 1, 2, LeadImportStatus.Processing), (import.Received, import.Accepted, import.Rejected, import.Status));
        var rows = store.Report(import.ImportId);
        Assert.Equal([2, 3, 4], rows.Select(r => r.Row));
        Assert.Equal(LeadId.ForEmail("ana@sol.es"), rows[0].LeadId);
        Assert.Equal(["email", "country"], rows[1].Errors.Select(e => e.Field));
        Assert.Equal("employees", Assert.Single(rows[2].Errors).Field);
        var batch = Assert.Single(sender.Batches);
        Assert.Equal([2], batch.Rows.Select(r => r.Row));
        Assert.Equal("import", batch.Rows[0].Fields["source"]);
        Assert.Equal(import.StartedAt, batch.ReceivedAt);
    }

    [Fact]
    public async Task Rows_are_written_in_batches_of_at_most_the_transaction_size_with_only_accepted_rows_queued()
    {
        var (service, store, sender, _) = await CreateAsync(new LeadImportOptions { MaxRowsPerWrite = 100, WritesInFlight = 3, RowConcurrency = 1 });
        var csv = new StringBuilder(Header + "\n");
        for (var i = 0; i < 250; i++)
        {
            csv.Append(i % 10 == 9 ? "bad" : $"p{i}@bulk.example").Append(",P,Bulk,DE,50\n");
        }

        var import = (await service.ReceiveAsync(Csv(csv.ToString()), default)).Value.Import;

        Assert.Equal([100, 100, 50], store.Writes.Select(w => w.Count));
        Assert.Equal([90, 90, 45], sender.Batches.OrderBy(b => b.BatchId, StringComparer.Ordinal).Select(b => b.Rows.Count));
        Assert.Equal((225, 25), (import.Accepted, import.Rejected));
        Assert.Equal(sender.Batches.Count, sender.Batches.Select(b => b.BatchId).Distinct().Count());
    }

    [Theory]
    [InlineData("mail,company\na@b.example,Acme\n", "\"email\" column")]
    [InlineData("email,,company\na@b.example,x,Acme\n", "column 2 of the CSV header has no name")]
    [InlineData("email,company,COMPANY\na@b.example,Acme,Acme\n", "\"COMPANY\" twice")]
    [InlineData("", "no header row")]
    public async Task A_header_that_cannot_be_a_lead_csv_is_refused_on_file_and_nothing_is_stored(string csv, string reason)
    {
        var (service, store, sender, _) = await CreateAsync();

        var receipt = await service.ReceiveAsync(Csv(csv), default);

        Assert.False(receipt.IsSuccess);
        Assert.Contains(receipt.Errors, e => e.Path == "file" && e.Reason.Contains(reason, StringComparison.Ordinal));
        Assert.Empty(store.Heads);
        Assert.Empty(sender.Batches);
    }

    [Fact]
    public async Task An_upload_past_the_limit_fails_the_import_and_keeps_the_rows_read_before()
    {
        var (service, store, sender, _) = await CreateAsync(new LeadImportOptions { MaxRowsPerWrite = 20, RowConcurrency = 1 });
        var csv = new StringBuilder(Header + "\n");
        for (var i = 0; i < 8000; i++)
        {
            csv.Append($"p{i}@limit.example,P,Limit,DE,50\n");
        }

        var receipt = await service.ReceiveAsync(new BoundedReadStream(Csv(csv.ToString()), 100_000), default);

        var import = receipt.Value.Import;
        Assert.True(receipt.Value.TooLarge);
        Assert.Equal(LeadImportStatus.Failed, store.Heads[import.ImportId].Status);
        Assert.Contains("100,000", import.Error, StringComparison.Ordinal);
        Assert.InRange(import.Accepted, 1, 7999);
        Assert.Equal(import.Accepted, sender.Batches.Sum(b => b.Rows.Count));
        Assert.Equal(import.Accepted, store.Report(import.ImportId).Count);
    }

    [Fact]
    public async Task A_redelivered_batch_creates_no_second_lead_action_or_journey_and_is_counted_once()
    {
        var (service, store, sender, app) = await CreateAsync();
        var import = (await service.ReceiveAsync(Csv($"{Header}\nana@sol.es,Ana,Sol,ES,120\nlee@harbor.sg,Lee,Harbor,SG,40\n"), default)).Value.Import;
        var batch = Assert.Single(sender.Batches);

        await service.ProcessAsync(batch, default);
        var leads = await CountLeadsAsync(app);
        var actions = (await ((Ports.IActionStore)app.Stores).ListAsync(LeadId.ForEmail("ana@sol.es"), default)).Count;
        await service.ProcessAsync(batch, default);

        Assert.Equal(2, leads);
        Assert.Equal(leads, await CountLeadsAsync(app));
        Assert.Equal(actions, (await ((Ports.IActionStore)app.Stores).ListAsync(LeadId.ForEmail("ana@sol.es"), default)).Count);
        Assert.Equal(2, app.Stores.Started.Select(s => s.LeadId).Distinct().Count());
        var progress = await service.GetAsync(import.ImportId, default);
        Assert.Equal((2, LeadImportStatus.Done), (progress!.Processed, progress.Status));
        Assert.NotNull(progress.FinishedAt);
    }

    [Fact]
    public async Task The_same_file_uploaded_again_a_day_later_adds_no_submission_and_changes_no_score()
    {
        var (service, _, sender, app) = await CreateAsync();
        const string File = $"{Header}\nana@sol.es,Ana,Sol,ES,120\nlee@harbor.sg,Lee,Harbor,SG,40\n";
        await service.ReceiveAsync(Csv(File), default);
        await service.ProcessAsync(Assert.Single(sender.Batches), default);
        var ana = LeadId.ForEmail("ana@sol.es");
        var before = (await ((Ports.ILeadStore)app.Stores).GetAsync(ana, default))!;
        var actions = await ((Ports.IActionStore)app.Stores).ListAsync(ana, default);

        app.Clock.Advance(TimeSpan.FromDays(1));
        var again = (await service.ReceiveAsync(Csv(File), default)).Value.Import;
        var second = Assert.Single(sender.Batches, b => b.ImportId == again.ImportId);
        await service.ProcessAsync(second, default);

        var after = (await ((Ports.ILeadStore)app.Stores).GetAsync(ana, default))!;
        Assert.Equal(actions.Select(a => a.Id), (await ((Ports.IActionStore)app.Stores).ListAsync(ana, default)).Select(a => a.Id));
        Assert.Equal(before.Score!.Total, after.Score!.Total);
        Assert.Equal(2, await CountLeadsAsync(app));
        Assert.Equal((2, LeadImportStatus.Done), ((await service.GetAsync(again.ImportId, default))!.Processed, (await service.GetAsync(again.ImportId, default))!.Status));

        // The same person filling in the form a day later is still a new submission.
        var (outcome, _) = await app.Intake.ProcessAsync(new LeadSubmitted("form-1", second.Rows[0].Fields, app.Clock.GetUtcNow()), default);
        Assert.Equal(IntakeOutcome.Updated, outcome);
    }

    [Fact]
    public void Progress_is_processing_until_every_accepted_row_is_processed_and_a_failed_upload_stays_failed()
    {
        var at = DateTimeOffset.UnixEpoch;
        var head = new LeadImport("imp_1", LeadImportStatus.Processing, 10, 8, 2, at) { ReceivedAt = at };

        Assert.Equal(LeadImportStatus.Processing, LeadImportProgress.Of(head, 7, at).Status);
        Assert.Equal(LeadImportStatus.Done, LeadImportProgress.Of(head, 8, at.AddSeconds(5)).Status);
        Assert.Equal(at.AddSeconds(5), LeadImportProgress.Of(head, 8, at.AddSeconds(5)).FinishedAt);
        Assert.Equal(LeadImportStatus.Receiving, LeadImportProgress.Of(head with { Status = LeadImportStatus.Receiving }, 8, at).Status);
        Assert.Equal(LeadImportStatus.Failed, LeadImportProgress.Of(head with { Status = LeadImportStatus.Failed }, 8, at).Status);
    }

    private static async Task<int> CountLeadsAsync(TestApp app)
    {
        var count = 0;
        await foreach (var _ in ((Ports.ILeadStore)app.Stores).ListAllAsync(default))
        {
            count++;
        }

        return count;
    }

    private static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    private static async Task<(LeadImportService Service, MemoryImportStore Store, CollectingSender Sender, TestApp App)> CreateAsync(LeadImportOptions? options = null)
    {
        var app = await TestApp.CreateAsync();
        var store = new MemoryImportStore();
        var sender = new CollectingSender();
        var service = new LeadImportService(store, sender, app.Intake, options ?? new LeadImportOptions { RowConcurrency = 1 }, app.Clock, NullLogger<LeadImportService>.Instance);
        return (service, store, sender, app);
    }

    private sealed class CollectingSender : ILeadImportSender
    {
        private readonly ConcurrentQueue<LeadImportBatch> _batches = new();

        public IReadOnlyList<LeadImportBatch> Batches => [.. _batches];

        public Task SendAsync(LeadImportBatch batch, CancellationToken cancellationToken)
        {
            _batches.Enqueue(batch);
            return Task.CompletedTask;
        }
    }

    private sealed class MemoryImportStore : ILeadImportStore
    {
        private readonly ConcurrentDictionary<(string, int), LeadImportRow> _rows = new();
        private readonly ConcurrentDictionary<(string, string), (int Rows, DateTimeOffset At)> _processed = new();
        private readonly ConcurrentQueue<IReadOnlyList<LeadImportRow>> _writes = new();

        public ConcurrentDictionary<string, LeadImport> Heads { get; } = new();

        public IReadOnlyList<IReadOnlyList<LeadImportRow>> Writes => [.. _writes];

        public List<LeadImportRow> Report(string importId) => [.. _rows.Where(r => r.Key.Item1 == importId).Select(r => r.Value).OrderBy(r => r.Row)];

        public Task SaveAsync(LeadImport import, CancellationToken cancellationToken)
        {
            Heads[import.ImportId] = import;
            return Task.CompletedTask;
        }

        public Task WriteReportAsync(string importId, IReadOnlyList<LeadImportRow> rows, CancellationToken cancellationToken)
        {
            Assert.InRange(rows.Count, 1, 100);
            _writes.Enqueue(rows);
            foreach (var row in rows)
            {
                _rows[(importId, row.Row)] = row;
            }

            return Task.CompletedTask;
        }

        public Task MarkProcessedAsync(string importId, string batchId, int rows, DateTimeOffset at, CancellationToken cancellationToken)
        {
            _processed[(importId, batchId)] = (rows, at);
            return Task.CompletedTask;
        }

        public Task<LeadImportProgress?> GetAsync(string importId, CancellationToken cancellationToken)
        {
            var marks = _processed.Where(p => p.Key.Item1 == importId).Select(p => p.Value).ToList();
            return Task.FromResult(Heads.TryGetValue(importId, out var head)
                ? LeadImportProgress.Of(head, marks.Sum(m => m.Rows), marks.Count == 0 ? null : marks.Max(m => m.At))
                : null);
        }

        public async IAsyncEnumerable<LeadImportRow> ReadReportAsync(string importId, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await Task.Yield();
            foreach (var row in Report(importId))
            {
                yield return row;
            }
        }
    }
}
