using System.Collections.Concurrent;
using System.Diagnostics;
using FunnelAutomation.Application.Telemetry;
using FunnelAutomation.ServiceDefaults;
using FunnelAutomation.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace FunnelAutomation.Host.Tests.Telemetry;

/// <summary>Issue 15: spans leave the process over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set. A real OTLP/HTTP
/// exporter posts to a local collector stand-in; the same wiring without the setting sends it nothing.</summary>
public sealed class ExporterTests
{
    [Fact]
    public async Task Spans_are_exported_over_otlp_only_when_an_endpoint_is_configured()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType)>();
        var (collector, address) = await LoopbackServer.StartAsync(app => app.MapPost("/v1/traces", (HttpRequest request) =>
        {
            received.Enqueue((request.Path, request.ContentType));
            return Results.Ok();
        }));
        await using var _ = collector;

        Export(new Dictionary<string, string?>()); // no endpoint: nothing may reach the collector
        Assert.Empty(received);

        Export(new Dictionary<string, string?>
        {
            [FunnelTelemetryExtensions.OtlpEndpoint] = address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        var (path, contentType) = Assert.Single(received.DistinctBy(r => r.Path));
        Assert.Equal("/v1/traces", path);
        Assert.Equal("application/x-protobuf", contentType);
    }

    /// <summary>Builds the product's telemetry from the settings, records one product span and flushes.</summary>
    private static void Export(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddFunnelTelemetry(configuration, "exporter-test");
        using var provider = services.BuildServiceProvider();
        var tracing = provider.GetRequiredService<TracerProvider>();
        using (FunnelTelemetry.Start("exporter test", ActivityKind.Internal, traceParent: null, leadId: "ld_exporter"))
        {
        }

        Assert.True(tracing.ForceFlush(30_000), "the tracer provider did not flush");
    }
}
