using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Azure.Composition;
using FunnelAutomation.Functions;
using FunnelAutomation.Functions.Http;
using FunnelAutomation.ServiceDefaults;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP triggers take HttpRequest and return the shared handlers' IResult.
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ApiErrorMiddleware>();
builder.Services.AddFunnelFunctions(builder.Configuration);
// The worker's invocation spans join the same traces (host.json's telemetryMode is OpenTelemetry, so the host
// continues the trace of the HTTP request or queue message that triggered a function).
builder.Services.AddFunnelTelemetry(builder.Configuration, "funnelautomation-functions").UseFunctionsWorkerDefaults();

var app = builder.Build();

// Tables and queues exist before the first trigger runs; the sample configuration is loaded on an empty store.
await app.Services.InitializeFunnelStorageAsync(CancellationToken.None).ConfigureAwait(false);
FunnelFunctionsServices.CheckQueueNames(app.Services, builder.Configuration);
if (builder.Configuration[FunnelFunctionsServices.ApiSection + ":SamplesPath"] is { Length: > 0 } samples)
{
    await app.Services.GetRequiredService<ConfigurationService>().SeedAsync(samples, CancellationToken.None).ConfigureAwait(false);
}

await app.RunAsync().ConfigureAwait(false);
