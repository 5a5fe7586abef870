using System.Text.Json;
using System.Text.Json.Serialization;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Functions.Journeys;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: HTTP triggers take HttpRequest and return IActionResult.
builder.ConfigureFunctionsWebApplication();

builder.Services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(options =>
    options.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

// Worker logs reach Application Insights through the Functions host (APPLICATIONINSIGHTS_CONNECTION_STRING).
builder.Services.AddSingleton(TimeProvider.System);

// Journeys run on Durable Functions here. The client arrives per invocation through [DurableClient], so the
// runner is scoped to the invocation and reads the client the function handed to DurableClientScope.
builder.Services.AddScoped<DurableClientScope>();
builder.Services.AddScoped<IJourneyRunner, DurableJourneyRunner>(sp => new DurableJourneyRunner(sp.GetRequiredService<DurableClientScope>()));

// The application services (intake, customer actions, configuration, reps, privacy, webhook, unsubscribe,
// sweeps, outbox) and the Azure adapters they use are registered by the Application/Azure layers' own
// extension methods once those are merged; this project binds to them through Contracts/.

builder.Build().Run();
