using System.Globalization;
using FunnelAutomation.Application.Configuration;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Learning;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Application.Learning;

/// <summary>The win model's lifecycle: train on the closed leads (on demand or on a schedule), evaluate, store
/// as a new version, activate when <see cref="WinActivationPolicy"/> allows it, list versions, activate (or roll
/// back to) a version. A model refused by the policy is stored for the record and never activated.</summary>
public sealed class WinModelService(
    ILeadStore leads,
    IActionStore actions,
    IRepStore reps,
    IWinModelStore models,
    IWinModelTrainer trainer,
    WinActivationPolicy policy,
    TimeProvider time,
    ConfigurationService? configuration = null)
{
    /// <summary>Fewest closed leads the trainer can split into training and held-out rows.</summary>
    public const int MinTrainable = 10;

    /// <summary>Trains a new version from every closed lead; activates it when the policy allows.</summary>
    public async Task<WinTrainingOutcome> TrainAsync(CancellationToken cancellationToken)
    {
        var teams = (await reps.ListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(r => r.Id, r => r.Team, StringComparer.Ordinal);
        var examples = new List<WinExample>();
        await foreach (var lead in leads.ListAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (lead.Status is not (LeadStatus.Won or LeadStatus.Lost))
            {
                continue;
            }

            var history = await actions.ListAsync(lead.Id, cancellationToken).ConfigureAwait(false);
            var team = lead.OwnerRepId is { } owner && teams.TryGetValue(owner, out var t) ? t : null;
            if (WinExample.Of(lead, history, team) is { } example)
            {
                examples.Add(example);
            }
        }

        if (examples.Count < MinTrainable)
        {
            return new WinTrainingOutcome(null, false, string.Create(CultureInfo.InvariantCulture,
                $"only {examples.Count} closed leads; training needs at least {MinTrainable} (activation at least {policy.MinClosedLeads})"));
        }

        var now = time.GetUtcNow();
        var model = trainer.Train(examples, "win-" + now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture), now);
        var version = await models.AddAsync(model, cancellationToken).ConfigureAwait(false);
        var refusal = policy.RefusalFor(model);
        if (refusal is null)
        {
            await models.ActivateAsync(version, now, cancellationToken).ConfigureAwait(false);
            configuration?.Invalidate(); // scorers pick the new model up at once
        }

        return new WinTrainingOutcome(Summary(version, model, refusal is null), refusal is null, refusal);
    }

    /// <summary>Every stored version with its evaluation, newest first, and which is active.</summary>
    public async Task<IReadOnlyList<WinModelVersion>> ListAsync(CancellationToken cancellationToken)
    {
        var active = await models.GetActiveVersionAsync(cancellationToken).ConfigureAwait(false);
        var all = await models.ListAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Select(m => Summary(m.Version, m.Model, m.Version == active))];
    }

    /// <summary>Activates a stored version (also how a rollback is done), unless the policy refuses it.</summary>
    public async Task<WinActivation> ActivateAsync(int version, CancellationToken cancellationToken)
    {
        var model = await models.GetAsync(version, cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return new WinActivation(WinActivationStatus.NotFound, null, $"no win model version {version}");
        }

        if (policy.RefusalFor(model) is { } refusal)
        {
            return new WinActivation(WinActivationStatus.Refused, Summary(version, model, false), refusal);
        }

        await models.ActivateAsync(version, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        configuration?.Invalidate();
        return new WinActivation(WinActivationStatus.Activated, Summary(version, model, true), null);
    }

    /// <summary>Activates the newest version older than the active one that the policy allows.</summary>
    public async Task<WinActivation> RollbackAsync(CancellationToken cancellationToken)
    {
        var active = await models.GetActiveVersionAsync(cancellationToken).ConfigureAwait(false);
        if (active is null)
        {
            return new WinActivation(WinActivationStatus.NotFound, null, "no win model is active");
        }

        var all = await models.ListAsync(cancellationToken).ConfigureAwait(false);
        var previous = all.Where(m => m.Version < active && policy.RefusalFor(m.Model) is null).MaxBy(m => m.Version);
        return previous is null
            ? new WinActivation(WinActivationStatus.NotFound, null, $"no earlier activatable version than {active}")
            : await ActivateAsync(previous.Version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The active model, or null (then only the rules score).</summary>
    public async Task<WinModel?> GetActiveAsync(CancellationToken cancellationToken)
    {
        var active = await models.GetActiveVersionAsync(cancellationToken).ConfigureAwait(false);
        return active is { } v ? await models.GetAsync(v, cancellationToken).ConfigureAwait(false) : null;
    }

    private WinModelVersion Summary(int version, WinModel model, bool active) =>
        new(version, model.Version, model.TrainedAt, model.ClosedLeads, model.Evaluation, active, policy.RefusalFor(model));
}

/// <summary>A stored model as the API lists it: number, label, when, on how much, how good, active, and why it may
/// not be activated (null when it may).</summary>
public sealed record WinModelVersion(
    int Version, string ModelVersion, DateTimeOffset TrainedAt, int ClosedLeads, WinEvaluation Evaluation, bool Active, string? Refusal);

/// <summary>A training run: the stored version (null when there was too little to train on), whether it went
/// live, and why not.</summary>
public sealed record WinTrainingOutcome(WinModelVersion? Model, bool Activated, string? Refusal);

public sealed record WinActivation(WinActivationStatus Status, WinModelVersion? Model, string? Reason);

public enum WinActivationStatus
{
    Activated = 0,
    NotFound,
    Refused,
}
