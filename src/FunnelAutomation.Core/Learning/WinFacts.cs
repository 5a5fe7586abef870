using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Core.Learning;

/// <summary>The stored facts of one lead the win model reads: who (profile), what they did (actions), how they
/// moved (stage history) and whose team owns them. Training and prediction build features from the same facts,
/// so the model sees at prediction what it learned from.</summary>
public sealed record WinFacts(
    LeadProfile Profile,
    DateTimeOffset CreatedAt,
    IReadOnlyList<CustomerAction> Actions,
    IReadOnlyList<StageTransition> History,
    string? OwnerTeam)
{
    /// <summary>The facts of a stored lead, its actions and its owner's team.</summary>
    public static WinFacts Of(Lead lead, IReadOnlyList<CustomerAction> actions, string? ownerTeam)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return new(lead.Profile, lead.CreatedAt, actions, lead.History, ownerTeam);
    }
}

/// <summary>One closed lead as a training row: its facts as they stood just before it closed, and the outcome.</summary>
public sealed record WinExample(WinFacts Facts, DateTimeOffset ClosedAt, bool Won)
{
    /// <summary>A won or lost lead as a training example, or null while it is open. The closing move (the last
    /// transition) and everything from its moment on are left out: the model learns from what was known before
    /// the outcome, which is what it sees for an open lead.</summary>
    public static WinExample? Of(Lead lead, IReadOnlyList<CustomerAction> actions, string? ownerTeam)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(actions);
        if (lead.Status is not (LeadStatus.Won or LeadStatus.Lost) || lead.History.Count == 0)
        {
            return null;
        }

        var closedAt = lead.History[^1].At;
        var before = actions.Where(a => a.OccurredAt < closedAt).ToArray();
        var history = lead.History.Take(lead.History.Count - 1).ToArray();
        return new(new WinFacts(lead.Profile, lead.CreatedAt, before, history, ownerTeam), closedAt, lead.Status == LeadStatus.Won);
    }
}
