using System.Collections.Immutable;

namespace FunnelAutomation.Core.Routing;

/// <summary>What routing remembers between leads: each team's round-robin cursor, each rep's load, and who owns
/// which account. Immutable: <see cref="LeadRouter.Route"/> returns the next state for the caller to persist,
/// so replaying the same leads from the same state gives the same assignments.</summary>
public sealed record RoutingState
{
    public static RoutingState Empty { get; } = new();

    /// <summary>The UTC calendar day that <see cref="RepLoad.NewLeadsToday"/> counts; the first assignment on a
    /// later day starts the counts afresh.</summary>
    public DateOnly Day { get; init; }

    /// <summary>Team name -> position in the team's schedule where the next turn starts.</summary>
    public ImmutableDictionary<string, int> Cursors { get; init; } = ImmutableDictionary<string, int>.Empty;

    /// <summary>Rep id -> load; a rep not listed carries nothing.</summary>
    public ImmutableDictionary<string, RepLoad> Loads { get; init; } = ImmutableDictionary<string, RepLoad>.Empty;

    /// <summary>Account domain (lower case, "acme.com") -> owner rep id.</summary>
    public ImmutableDictionary<string, string> AccountOwners { get; init; } = ImmutableDictionary<string, string>.Empty;

    public int CursorOf(string team) => Cursors.TryGetValue(team, out var cursor) ? cursor : 0;

    public RepLoad LoadOf(string repId) => Loads.TryGetValue(repId, out var load) ? load : default;

    public string? OwnerOf(string accountDomain) =>
        AccountOwners.TryGetValue(Normalize(accountDomain), out var owner) ? owner : null;

    public RoutingState WithCursor(string team, int cursor) => this with { Cursors = Cursors.SetItem(team, cursor) };

    public RoutingState WithLoad(string repId, RepLoad load) => this with { Loads = Loads.SetItem(repId, load) };

    /// <summary>A lead of the rep closed or moved away (e.g. reassigned after a missed SLA): one open lead fewer.</summary>
    public RoutingState WithLeadReleased(string repId)
    {
        var load = LoadOf(repId);
        return load.OpenLeads == 0 ? this : WithLoad(repId, load with { OpenLeads = load.OpenLeads - 1 });
    }

    /// <summary>Takes back an assignment that did not happen after all (a concurrent run of the same
    /// reassignment wrote the lead first): the rep's open and new-today counts go down again.</summary>
    public RoutingState WithAssignmentWithdrawn(string repId)
    {
        var load = LoadOf(repId);
        return load == default
            ? this
            : WithLoad(repId, new RepLoad(Math.Max(0, load.OpenLeads - 1), Math.Max(0, load.NewLeadsToday - 1)));
    }

    public RoutingState WithAccountOwner(string accountDomain, string repId) =>
        this with { AccountOwners = AccountOwners.SetItem(Normalize(accountDomain), repId) };

    /// <summary>Records one assignment: the rep's counts go up, the team's cursor moves, a new account may get its owner.
    /// New-today counts restart when <paramref name="today"/> is after <see cref="Day"/>; a late lead (an earlier
    /// day) is counted on the current day, which can only make routing more careful.</summary>
    internal RoutingState Assign(DateOnly today, string repId, string? team, int cursor, string? newAccountDomain)
    {
        var loads = today > Day ? StartDay() : Loads;
        loads.TryGetValue(repId, out var load);
        loads = loads.SetItem(repId, new RepLoad(load.OpenLeads + 1, load.NewLeadsToday + 1));
        return new RoutingState
        {
            Day = today > Day ? today : Day,
            Cursors = team is null ? Cursors : Cursors.SetItem(team, cursor),
            Loads = loads,
            AccountOwners = newAccountDomain is null ? AccountOwners : AccountOwners.SetItem(newAccountDomain, repId),
        };
    }

    private ImmutableDictionary<string, RepLoad> StartDay()
    {
        var builder = Loads.ToBuilder();
        foreach (var (repId, load) in Loads)
        {
            if (load.NewLeadsToday != 0)
            {
                builder[repId] = load with { NewLeadsToday = 0 };
            }
        }

        return builder.ToImmutable();
    }

    private static string Normalize(string accountDomain)
    {
        ArgumentNullException.ThrowIfNull(accountDomain);
        return accountDomain.Trim().ToLowerInvariant();
    }
}
