using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Azure.Composition;
using FunnelAutomation.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunnelAutomation.Functions.Tests.Http;

/// <summary>The Function App's own composition (<see cref="FunnelFunctionsServices.AddFunnelFunctions"/>) on a real
/// Azurite, with the sample configuration loaded: the triggers run against it as the worker would run them.</summary>
public sealed class TriggerFixture : IAsyncLifetime
{
    private AzuriteServer? _azurite;

    public ServiceProvider Services { get; private set; } = null!;

    public string ConnectionString => _azurite!.ConnectionString;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Storage:NamePrefix"] = "t" + Guid.NewGuid().ToString("N")[..8],
            ["Api:AllowedOrigins"] = "https://www.example.com, http://localhost:3000",
            ["Api:MaxLeadBodyBytes"] = "4096",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddFunnelFunctions(configuration);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await Services.InitializeFunnelStorageAsync(CancellationToken.None);
        await Services.GetRequiredService<ConfigurationService>().SeedAsync(Path.Combine(AppContext.BaseDirectory, "samples"), CancellationToken.None);
    }

    public T Trigger<T>() => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>A real request as the ASP.NET Core integration hands it to a trigger.</summary>
    public HttpRequest Request(string method, string path, string? body = null, string? contentType = null, string? query = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Path = path;
        if (query is not null)
        {
            context.Request.QueryString = new QueryString(query);
        }

        if (body is not null)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentLength = bytes.Length;
            context.Request.ContentType = contentType;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public Task DisposeAsync()
    {
        Services?.Dispose();
        _azurite?.Dispose();
        return Task.CompletedTask;
    }
}
