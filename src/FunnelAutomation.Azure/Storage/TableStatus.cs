using Azure;

namespace FunnelAutomation.Azure.Storage;

/// <summary>The service answers a conditional write with 409 (row exists) or 412 (ETag moved on); those
/// are outcomes the repositories turn into results or retries, not errors.</summary>
internal static class TableStatus
{
    public const int NotFound = 404;
    public const int Conflict = 409;
    public const int PreconditionFailed = 412;

    public static bool IsConflict(this RequestFailedException ex) => ex.Status == Conflict;

    public static bool IsPreconditionFailed(this RequestFailedException ex) => ex.Status == PreconditionFailed;

    public static bool IsNotFound(this RequestFailedException ex) => ex.Status == NotFound;

    /// <summary>Short randomised pause between optimistic-concurrency retries so racing writers spread out.</summary>
    public static Task BackoffAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = Math.Min(5 * (1 << Math.Min(attempt, 5)), 100);
        var delay = System.Security.Cryptography.RandomNumberGenerator.GetInt32(1, ceiling + 1);
        return Task.Delay(delay, cancellationToken);
    }
}
