using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Journeys;

/// <summary>The isolated worker hands out <see cref="DurableTaskClient"/> only through the
/// <c>[DurableClient]</c> binding, not through DI. A function that calls a service which drives journeys
/// binds the client and passes it here first; the scoped <see cref="DurableJourneyRunner"/> reads it.</summary>
public sealed class DurableClientScope
{
    private DurableTaskClient? _client;

    public DurableTaskClient Client => _client
        ?? throw new InvalidOperationException("This function drives journeys but bound no [DurableClient]; bind one and call Use(client) first.");

    public void Use(DurableTaskClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));
}
