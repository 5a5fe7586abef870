using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using FunnelAutomation.Azure;
using FunnelAutomation.TestSupport;

namespace FunnelAutomation.Host.Tests;

/// <summary>The Host is killed (SIGKILL, no graceful stop) while it works through queued leads, then
/// started again on the same storage: every lead is there once, assigned, with exactly one welcome email.</summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const int Leads = 150;
    private AzuriteServer? _azurite;
    private readonly string _prefix = "k" + Guid.NewGuid().ToString("N")[..8];

    public async Task InitializeAsync() => _azurite = await AzuriteServer.StartAsync();

    public Task DisposeAsync()
    {
        _azurite?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Killing_the_host_mid_intake_loses_no_lead_and_mails_no_one_twice()
    {
        var port = FreePort();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-functions-key", HostFixture.Key);

        var first = StartHost(port);
        try
        {
            await WaitHealthyAsync(client);
            for (var i = 0; i < Leads; i++)
            {
                var response = await client.PostAsJsonAsync("/api/leads", new { email = $"crash{i}@buyer{i % 7}.test", country = "DE" });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            var storage = new FunnelStorage(_azurite!.ConnectionString, _prefix);
            await HostFixture.Eventually(async () => (int?)await CountLeadsAsync(storage), n => n >= 10, "some leads processed before the kill");
        }
        finally
        {
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var second = StartHost(port);
        try
        {
            await WaitHealthyAsync(client);
            var storage = new FunnelStorage(_azurite!.ConnectionString, _prefix);
            await HostFixture.Eventually(async () => (int?)await CountLeadsAsync(storage), n => n == Leads, "every accepted lead stored after the restart", seconds: 180);
            var outbox = await WelcomesAsync(storage);

            var welcomes = outbox.Where(m => m.Subject.StartsWith("Welcome", StringComparison.Ordinal)).GroupBy(m => m.To).ToList();
            Assert.Equal(Leads, welcomes.Count);
            Assert.All(welcomes, g => Assert.Single(g));
            await foreach (var lead in storage.Leads.ListAllAsync())
            {
                Assert.True(lead.OwnerRepId is not null || lead.AssignmentQueue is not null, $"lead {lead.Id} was never assigned");
                Assert.NotNull(lead.Score);
            }
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }

    /// <summary>Waits for a welcome to every lead; when one never comes, says how many came and which leads have none.</summary>
    private async Task<IReadOnlyList<Azure.Email.OutboxEntry>> WelcomesAsync(FunnelStorage storage)
    {
        static bool IsWelcome(Azure.Email.OutboxEntry m) => m.Subject.StartsWith("Welcome", StringComparison.Ordinal);
        IReadOnlyList<Azure.Email.OutboxEntry> outbox = [];
        var until = DateTime.UtcNow.AddSeconds(int.TryParse(Environment.GetEnvironmentVariable("FUNNEL_WELCOME_WAIT"), out var w) ? w : 180);
        while (DateTime.UtcNow < until)
        {
            outbox = await storage.SentEmails.ListOutboxAsync(2000);
            if (outbox.Count(IsWelcome) >= Leads)
            {
                return outbox;
            }

            await Task.Delay(250);
        }

        var welcomed = outbox.Where(IsWelcome).Select(m => m.LeadId).ToHashSet(StringComparer.Ordinal);
        var missing = new List<string>();
        await foreach (var lead in storage.Leads.ListAllAsync())
        {
            if (!welcomed.Contains(lead.Id))
            {
                missing.Add($"{lead.Id} ({lead.Profile.Email}, owner {lead.OwnerRepId ?? lead.AssignmentQueue ?? "none"}, journey {await JourneyStatusAsync(lead.Id)})");
            }
        }

        throw new Xunit.Sdk.XunitException(
            $"{welcomed.Count} of {Leads} leads were welcomed within 180 s; {missing.Count} have none: {string.Join(", ", missing.Take(20))}");
    }

    /// <summary>What the task hub says of a lead's journey, for the failure message.</summary>
    private async Task<string> JourneyStatusAsync(string leadId)
    {
        var service = new global::DurableTask.AzureStorage.AzureStorageOrchestrationService(new global::DurableTask.AzureStorage.AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new global::DurableTask.AzureStorage.StorageAccountClientProvider(_azurite!.ConnectionString),
            TaskHubName = _prefix + "FunnelAutomationHub",
        });
        var client = new global::DurableTask.Core.TaskHubClient(service);
        var state = await client.GetOrchestrationStateAsync(FunnelAutomation.Journeys.JourneyNames.InstanceId(leadId));
        if (state is null)
        {
            return "none";
        }

        var history = await client.GetOrchestrationHistoryAsync(state.OrchestrationInstance);
        var events = string.Join(" ", System.Text.RegularExpressions.Regex.Matches(history ?? "", "\"EventType\":\\s*\"?(\\w+)").Select(m => m.Groups[1].Value));
        return $"{state.OrchestrationStatus} created {state.CreatedTime:HH:mm:ss} updated {state.LastUpdatedTime:HH:mm:ss}, history: {events}";
    }

    private static async Task<int> CountLeadsAsync(FunnelStorage storage)
    {
        var count = 0;
        try
        {
            await foreach (var _ in storage.Leads.ListAllAsync())
            {
                count++;
            }
        }
        catch (global::Azure.RequestFailedException)
        {
            return 0; // table not created yet
        }

        return count;
    }

    private Process StartHost(int port)
    {
        var hostDll = Path.Combine(AppContext.BaseDirectory, "FunnelAutomation.Host.dll");
        var start = new ProcessStartInfo("dotnet", [hostDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Storage"] = _azurite!.ConnectionString;
        start.Environment["Host__SamplesPath"] = Path.Combine(HostFixture.RepositoryRoot, "samples");
        start.Environment["Host__StoragePrefix"] = _prefix;
        start.Environment["Host__FunctionKey"] = HostFixture.Key;
        start.Environment["Host__LeadPostsPerMinute"] = "100000";
        start.Environment["Host__QueueLeaseSeconds"] = "5";
        // Real time here: open the send window around the clock so the welcome goes out whenever the test runs.
        start.Environment["Funnel__SendWindowStartHour"] = "0";
        start.Environment["Funnel__SendWindowEndHour"] = "24";
        start.Environment["Funnel__MaxEmailsPerDay"] = "5";
        for (var d = 0; d < 7; d++)
        {
            start.Environment[$"Funnel__SendDays__{d}"] = ((DayOfWeek)d).ToString();
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (Environment.GetEnvironmentVariable("FUNNEL_HOST_LOG") is { Length: > 0 })
        {
            start.Environment["Logging__LogLevel__DurableTask.AzureStorage"] = "Information";
            start.Environment["Logging__LogLevel__DurableTask.Core"] = "Information";
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The Host did not start.");
        // FUNNEL_HOST_LOG=<folder> keeps each Host's console output, for diagnosing a failure by hand.
        var log = Environment.GetEnvironmentVariable("FUNNEL_HOST_LOG") is { Length: > 0 } folder
            ? TextWriter.Synchronized(new StreamWriter(Path.Combine(folder, $"host-{process.Id}.log")) { AutoFlush = true })
            : null;
        process.OutputDataReceived += (_, e) => log?.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => log?.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient client) =>
        await HostFixture.Eventually(async () =>
        {
            try
            {
                return (HttpStatusCode?)(await client.GetAsync("/api/health")).StatusCode;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }, s => s == HttpStatusCode.OK, "the Host to answer /api/health");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
