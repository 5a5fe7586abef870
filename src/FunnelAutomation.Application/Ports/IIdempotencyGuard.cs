namespace FunnelAutomation.Application.Ports;

/// <summary>Remembers which effects already happened, so at-least-once delivery has exactly-once effects.</summary>
public interface IIdempotencyGuard
{
    Task<bool> HasRunAsync(string key, CancellationToken cancellationToken);

    Task MarkRunAsync(string key, CancellationToken cancellationToken);
}
