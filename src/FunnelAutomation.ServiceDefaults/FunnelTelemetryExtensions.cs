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
                tracing.AddSource(FunnelTelemetry.Name)
                    .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (span, request) => Redact(span, "url.path"))
                    .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (span, request) => Redact(span, "url.full"));
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

    /// <summary>A path segment that holds an email address (the erasure route, <c>/api/people/{email}</c>) is replaced
    /// by <c>{email}</c>: spans name a lead by id, never by address.</summary>
    public static string RedactEmailSegments(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? url : url[..query];
        if (!path.Contains('@', StringComparison.Ordinal) && !path.Contains("%40", StringComparison.OrdinalIgnoreCase))
        {
            return url;
        }

        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Contains('@', StringComparison.Ordinal) || segments[i].Contains("%40", StringComparison.OrdinalIgnoreCase))
            {
                segments[i] = "{email}";
            }
        }

        return string.Join('/', segments) + (query < 0 ? string.Empty : url[query..]);
    }

    private static void Redact(System.Diagnostics.Activity span, string tag)
    {
        if (span.GetTagItem(tag) is string url && RedactEmailSegments(url) is var redacted && !ReferenceEquals(redacted, url))
        {
            span.SetTag(tag, redacted);
        }
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
