using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using FunnelAutomation.Application.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace FunnelAutomation.ServiceDefaults;

/// <summary>Telemetry as both launchers run it, wired once: the product's spans and metrics
/// (<see cref="FunnelTelemetry"/>), ASP.NET Core and HttpClient instrumentation, exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and to Application Insights when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is (with the managed identity that
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> names, as the Bicep provisions it: local auth is off).
/// Nothing is exported when neither is set; a test adds its own exporter with ConfigureOpenTelemetryTracerProvider.</summary>
public static class FunnelTelemetryExtensions
{
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string ApplicationInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static IOpenTelemetryBuilder AddFunnelTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpoint]);
        var insights = configuration[ApplicationInsightsConnectionString] is { Length: > 0 } connection
            ? (Action<AzureMonitorExporterOptions>)(o =>
            {
                o.ConnectionString = connection;
                if (ManagedIdentityClientId(configuration[ApplicationInsightsAuthentication]) is { } clientId)
                {
                    o.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            })
            : null;
        return services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(FunnelTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }

                if (insights is not null)
                {
                    tracing.AddAzureMonitorTraceExporter(insights);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(FunnelTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }

                if (insights is not null)
                {
                    metrics.AddAzureMonitorMetricExporter(insights);
                }
            });
    }

    /// <summary>"ClientId=…;Authorization=AAD" (the Functions convention) → the client id; null without one.</summary>
    public static string? ManagedIdentityClientId(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication))
        {
            return null;
        }

        foreach (var part in authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase) && pair[1].Length > 0)
            {
                return pair[1];
            }
        }

        return null;
    }
}
