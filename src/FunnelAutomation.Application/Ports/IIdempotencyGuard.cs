namespace FunnelAutomation.Application.Ports;

/// <summary>Remembers which effects already happened, so at-least-once delivery has exactly-once effects.</summary>
public interface IIdempotencyGuard
{
    Task<bool> HasRunAsync(string key, CancellationToken cancellationToken);

    /// <summary>Records the effect as done (also completes a claim from <see cref="ClaimAsync"/>).</summary>
    Task MarkRunAsync(string key, CancellationToken cancellationToken);

    /// <summary>Claims <paramref name="key"/> before an effect that can be neither repeated nor checked afterwards
    /// (an email handed to a provider): only one worker holds a live claim. A claim that expired without
    /// <see cref="MarkRunAsync"/> comes back as <see cref="EffectClaimStatus.Abandoned"/> (its holder stopped
    /// mid-way; the effect may or may not have happened), now held by the caller.</summary>
    Task<EffectClaim> ClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Gives a claim back when the effect certainly did not happen, so a later attempt may claim it.</summary>
    Task ReleaseAsync(EffectClaim claim, CancellationToken cancellationToken);
}

public enum EffectClaimStatus
{
    /// <summary>The caller holds the claim: go ahead, then mark it run or release it.</summary>
    Claimed = 0,

    /// <summary>Done before: do nothing.</summary>
    AlreadyRun,

    /// <summary>Another worker holds a live claim right now: try again later.</summary>
    InProgress,

    /// <summary>An earlier holder stopped without finishing; the caller now holds the claim.</summary>
    Abandoned,
}

/// <summary>The answer of <see cref="IIdempotencyGuard.ClaimAsync"/>; <paramref name="Token"/> identifies the
/// caller's hold (for release).</summary>
public sealed record EffectClaim(string Key, EffectClaimStatus Status, string? Token = null);
