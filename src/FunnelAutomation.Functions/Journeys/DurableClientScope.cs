using Microsoft.DurableTask.Client;

namespace FunnelAutomation.Functions.Journeys;

/// <summary>The isolated worker hands out <see cref="DurableTaskClient"/> only through the
/// <c>[DurableClient]</c> binding, not through DI, while the application services that drive journeys are
/// singletons. A function that (indirectly) drives journeys binds the client and calls <see cref="Use"/>
/// first; the value lives in the invocation's async flow (an <see cref="AsyncLocal{T}"/>), so concurrent
/// invocations never see each other's client.</summary>
public sealed class DurableClientScope
{
    private readonly AsyncLocal<DurableTaskClient?> _client = new();

    public DurableTaskClient Client => _client.Value
        ?? throw new InvalidOperationException("This function drives journeys but bound no [DurableClient]; bind one and call Use(client) first.");

    public void Use(DurableTaskClient client) => _client.Value = client ?? throw new ArgumentNullException(nameof(client));
}
