using FunnelAutomation.Host;

var app = FunnelHost.Build(args);
await app.RunAsync().ConfigureAwait(false);
