using Azure;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Azure.Leads;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FunnelAutomation.Azure.Tests;

/// <summary>A form post waits on the intake put, so the put gives up after a bounded number of tries (the Host
/// then answers 503 + Retry-After) instead of running the SDK's default retries inside the request. The
/// "storage" here is a local endpoint that answers every request with 503 and counts them.</summary>
public sealed class RequestPathRetryTests
{
    [Fact]
    public async Task The_intake_put_tries_storage_three_times_then_fails()
    {
        await using var storage = await FailingStorage.StartAsync();
        var funnel = new FunnelStorage(storage.ConnectionString, "rp");
        var acceptor = new LeadAcceptor(funnel.Sender(QueueNames.LeadsIntake, QueueClients.RequestPath), TimeProvider.System);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() =>
            acceptor.AcceptAsync(new Dictionary<string, string?> { ["email"] = "ada@example.com" }, default));

        Assert.Equal(503, error.Status);
        Assert.Equal(1 + QueueClients.RequestPath.MaxRetries, storage.Requests);
    }

    private sealed class FailingStorage : IAsyncDisposable
    {
        private WebApplication _app = null!;
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public string ConnectionString { get; private set; } = "";

        public static async Task<FailingStorage> StartAsync()
        {
            var storage = new FailingStorage();
            (storage._app, var address) = await LoopbackServer.StartAsync(app => app.Run(context =>
            {
                Interlocked.Increment(ref storage._requests);
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }));
            storage.ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                $"QueueEndpoint={address}/devstoreaccount1;TableEndpoint={address}/devstoreaccount1;";
            return storage;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
