using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using FunnelAutomation.Application;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Replay;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Bench.Analytics;

/// <summary><c>replay</c>: what-if replay of a routing change (France moved from EMEA to NA) over N generated leads
/// through <see cref="WhatIfReplayService"/> — history read through the ports, both replays, the report.</summary>
internal static class ReplayBench
{
    private static readonly string[] Countries = ["DE", "FR", "GB", "NL", "ES", "IT", "SE", "US", "US", "CA", "JP", "CN", "AU", "SG", "IN"];
    private static readonly string[] Titles = ["VP Operations", "Head of IT", "Manager", "Engineer", "CFO", "Intern", "Director of Sales"];

    public static async Task<int> RunAsync(string[] args, string root)
    {
        var size = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var stores = new BenchStores();
        var time = new FixedTime(LeadGenerator.Now);
        var configuration = new ConfigurationService(stores, stores, new FunnelOptions(), time);
        await configuration.SeedAsync(Path.Combine(root, "samples"), CancellationToken.None);
        // Sample reps with room for a year of leads, so routing assigns instead of queueing almost all of them.
        foreach (var rep in await stores.ListAsync(CancellationToken.None))
        {
            await stores.UpsertAsync(rep with { MaxOpenLeads = 100_000, MaxNewLeadsPerDay = 10_000, OutOfOfficeFrom = null, OutOfOfficeUntil = null }, CancellationToken.None);
        }

        configuration.Invalidate();
        var history = new GeneratedHistory(size, seed: 2026);
        var routing = JsonNode.Parse((await configuration.ListActiveAsync("routing", CancellationToken.None))[0].Json,
            documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        var emea = routing["regions"]!["EMEA"]!.AsArray();
        emea.Remove(emea.First(c => (string?)c == "FR"));
        routing["regions"]!["NA"]!.AsArray().Add("FR");
        var service = new WhatIfReplayService(configuration, history, history, time);

        Console.WriteLine($"cores: {Environment.ProcessorCount}, leads: {size:N0}, actions: {history.ActionCount:N0}");
        var watch = Stopwatch.StartNew();
        var result = await service.ReplayAsync(new WhatIfReplayRequest("routing", routing.ToJsonString(), null, null), CancellationToken.None);
        var elapsed = watch.Elapsed;
        var report = result.Value;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"replay: {elapsed.TotalSeconds:N1} s ({size / elapsed.TotalSeconds:N0} leads/s, both sides), peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20):N0} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"owners changed: {report.Owners.Changed:N0}, grades changed: {report.Grades.Changed:N0}, emails sent (baseline): {report.Emails.Sum(e => e.Baseline):N0}, won (baseline): {report.Stages.Where(s => s.Stage == "won").Sum(s => s.BaselineNow):N0}"));
        return 0;
    }

    /// <summary>Deterministic leads over one year with their action logs: a submission, page visits, opens and
    /// clicks, and for some a meeting, a proposal, a signature or a loss. Served as the lead and action stores.</summary>
    private sealed class GeneratedHistory : ILeadStore, IActionStore
    {
        private readonly List<Lead> _leads = [];
        private readonly Dictionary<string, IReadOnlyList<CustomerAction>> _actions = new(StringComparer.Ordinal);

        public GeneratedHistory(int size, int seed)
        {
            var random = new Random(seed);
            for (var i = 0; i < size; i++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"ld_{i:D8}");
                var at = LeadGenerator.Start.AddMinutes(random.Next(0, 365 * 24 * 60));
                var log = new List<CustomerAction> { new(id + ":form", CustomerActionTypes.FormSubmitted, at) };
                for (var k = random.Next(0, 6); k > 0; k--)
                {
                    at = at.AddHours(random.Next(1, 96));
                    log.Add(random.Next(3) switch
                    {
                        0 => new CustomerAction($"{id}:{k}:v", CustomerActionTypes.PageVisited, at, random.Next(2) == 0 ? "https://example.com/pricing" : "https://example.com/blog"),
                        1 => new CustomerAction($"{id}:{k}:o", CustomerActionTypes.EmailOpened, at),
                        _ => new CustomerAction($"{id}:{k}:c", CustomerActionTypes.EmailClicked, at),
                    });
                }

                var fate = random.NextDouble();
                string[] path = fate < 0.10 ? [CustomerActionTypes.MeetingBooked, CustomerActionTypes.ProposalViewed, CustomerActionTypes.ContractSigned]
                    : fate < 0.30 ? [CustomerActionTypes.MeetingBooked, CustomerActionTypes.DealLost]
                    : fate < 0.45 ? [CustomerActionTypes.MeetingBooked]
                    : [];
                foreach (var type in path)
                {
                    at = at.AddDays(random.Next(1, 20));
                    log.Add(new CustomerAction($"{id}:{type}", type, at, Reason: type == CustomerActionTypes.DealLost ? "price" : null));
                }

                ActionCount += log.Count;
                _actions[id] = log.Where(a => a.OccurredAt <= LeadGenerator.Now).ToList();
                _leads.Add(new Lead
                {
                    Id = id,
                    Profile = new LeadProfile
                    {
                        Email = string.Create(CultureInfo.InvariantCulture, $"p{i}@company{i % 5000}.example"),
                        FirstName = "P",
                        Country = Countries[random.Next(Countries.Length)],
                        Employees = random.Next(5, 20_000),
                        JobTitle = Titles[random.Next(Titles.Length)],
                        Industry = random.Next(2) == 0 ? "software" : "manufacturing",
                        Source = LeadGenerator.Sources[random.Next(LeadGenerator.Sources.Length)],
                    },
                    CreatedAt = log[0].OccurredAt,
                    UpdatedAt = log[0].OccurredAt,
                    PipelineId = "b2b-standard",
                    Stage = "prospect",
                });
            }
        }

        public int ActionCount { get; }

        public Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult(_leads.Find(l => l.Id == leadId));

        public Task<Lead?> UpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A replay must not write leads.");

        public Task<IReadOnlyList<Lead>> ListByOwnerAsync(string repId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Lead>>([]);

        public async IAsyncEnumerable<Lead> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var lead in _leads)
            {
                yield return lead;
            }

            await Task.CompletedTask.ConfigureAwait(false);
        }

        public Task<bool> AppendAsync(string leadId, CustomerAction action, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A replay must not write actions.");

        public Task<IReadOnlyList<CustomerAction>> ListAsync(string leadId, CancellationToken cancellationToken) =>
            Task.FromResult(_actions.GetValueOrDefault(leadId) ?? []);
    }
}
