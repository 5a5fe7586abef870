using Microsoft.Playwright;

namespace FunnelAutomation.Browser.Tests;

/// <summary>One headless system Chromium for the collection, started on first use (so HTTP-only tests
/// never need it). Never downloads a browser: <c>playwright install</c> is not part of this project.</summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task<IBrowser> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is null)
            {
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ChromiumPath,
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
                });
            }

            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A fresh page (own context, so sessionStorage starts empty) at the given viewport size.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress, int width = 1366, int height = 900)
    {
        var browser = await GetAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        return await context.NewPageAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _gate.Dispose();
    }
}
