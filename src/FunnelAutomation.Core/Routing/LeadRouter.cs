using System.Collections.Frozen;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Routing;

/// <summary>Assigns leads to reps: deterministic (same inputs, same decision), explainable (every step is a note)
/// and fair (round-robin counts differ by at most one; weighted shares follow weights).
/// Decision order: existing account owner → first matching rule → the rule's strategy within its team, skipping
/// reps who are excluded, inactive, out of office, not senior enough for an A-grade lead, not covering the lead,
/// or at capacity → fallback queue. Build one per (rules, roster) version and reuse it: it is immutable and
/// thread-safe, and all lookups are prepared here rather than per lead.</summary>
public sealed class LeadRouter
{
    // Stack space for the "already checked" flags of a team; bigger teams fall back to the heap.
    private const int MaxStackTeam = 256;

    private readonly CompiledRules _rules;
    private readonly RepEntry[] _reps;
    private readonly FrozenDictionary<string, int> _repIndex;
    private readonly TeamPlan[] _ruleTeams;

    private LeadRouter(RoutingRules rules, IReadOnlyList<Rep> reps, CompiledRules compiled, RepEntry[] entries,
        FrozenDictionary<string, int> repIndex, TeamPlan[] ruleTeams)
    {
        Rules = rules;
        Reps = reps;
        _rules = compiled;
        _reps = entries;
        _repIndex = repIndex;
        _ruleTeams = ruleTeams;
    }

    public RoutingRules Rules { get; }

    public IReadOnlyList<Rep> Reps { get; }

    /// <summary>Checks the rules against the roster (see <see cref="RoutingRules.Validate(IReadOnlyList{Rep})"/>)
    /// and prepares the lookups. Roster order is the round-robin order within each team.</summary>
    public static Result<LeadRouter> Create(RoutingRules rules, IReadOnlyList<Rep> reps)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(reps);
        var errors = rules.Validate(reps);
        if (errors.Count > 0)
        {
            return Result<LeadRouter>.Failure(errors);
        }

        var compiled = rules.Compile();
        var entries = new RepEntry[reps.Count];
        var index = new Dictionary<string, int>(reps.Count, StringComparer.Ordinal);
        var teamMembers = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < reps.Count; i++)
        {
            var rep = reps[i];
            entries[i] = new RepEntry
            {
                Rep = rep,
                Countries = CompiledRules.Territory(rep.Territories, rules),
                SizeMask = CompiledRules.SizeMask(rep.SizeBands),
                Industries = CompiledRules.NameSet(rep.Industries),
            };
            index.Add(rep.Id, i);
            if (rep.Team is { } team)
            {
                if (!teamMembers.TryGetValue(team, out var members))
                {
                    teamMembers.Add(team, members = []);
                }

                members.Add(i);
            }
        }

        var plans = new Dictionary<string, TeamPlan>(StringComparer.Ordinal);
        var ruleTeams = new TeamPlan[compiled.Rules.Length];
        for (var r = 0; r < ruleTeams.Length; r++)
        {
            var team = compiled.Rules[r].Team;
            if (!plans.TryGetValue(team, out var plan))
            {
                plan = TeamPlan.Build(team, [.. teamMembers[team]], reps);
                plans.Add(team, plan);
            }

            ruleTeams[r] = plan;
        }

        return Result<LeadRouter>.Success(
            new LeadRouter(rules, reps, compiled, entries, index.ToFrozenDictionary(StringComparer.Ordinal), ruleTeams));
    }

    /// <summary>Decides who gets a lead. Pure: reads only its arguments and returns the next state in the decision.</summary>
    /// <param name="lead">Uses AccountDomain, Country, SizeBand and Industry.</param>
    /// <param name="grade">The lead's score grade (rules' minimum grade; A-grade leads to seniors).</param>
    /// <param name="state">Cursors, loads and account owners before this lead.</param>
    /// <param name="now">Decides out-of-office and which day new-lead counts belong to (UTC date).</param>
    /// <param name="excludedRepIds">Reps who must not get this lead, e.g. the one who missed its SLA.</param>
    public RoutingDecision Route(LeadProfile lead, Grade grade, RoutingState state, DateTimeOffset now,
        IReadOnlySet<string>? excludedRepIds = null) => Route(lead, grade, null, state, now, excludedRepIds);

    /// <summary>Routes on the score's grade, and says so first in the explanation ("routed as grade B (score
    /// 62)"): a lead's grade moves after routing, and the reasons must still show what routing saw.</summary>
    public RoutingDecision Route(LeadProfile lead, LeadScore score, RoutingState state, DateTimeOffset now,
        IReadOnlySet<string>? excludedRepIds = null)
    {
        ArgumentNullException.ThrowIfNull(score);
        return Route(lead, score.Grade, score.Total, state, now, excludedRepIds);
    }

    private RoutingDecision Route(LeadProfile lead, Grade grade, int? score, RoutingState state, DateTimeOffset now,
        IReadOnlySet<string>? excludedRepIds)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(state);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var probe = new Probe(state, now, today > state.Day, excludedRepIds);
        var notes = new List<RoutingNote>(5);
        if (score is { } total)
        {
            notes.Add(new(RoutingNoteKind.Graded, grade.ToString(), Count: total));
        }

        // 1. Existing account owner. A domain with no (known) owner yet may get the rep chosen below.
        string? unownedDomain = null;
        if (_rules.AccountOwnership)
        {
            var domain = lead.AccountDomain;
            if (domain.Length == 0)
            {
                // nothing identifies the account
            }
            else if (_rules.IgnoredDomains.Contains(domain))
            {
                notes.Add(new(RoutingNoteKind.FreeMailDomain, domain));
            }
            else if (!state.AccountOwners.TryGetValue(domain, out var ownerId))
            {
                unownedDomain = domain;
            }
            else if (!_repIndex.TryGetValue(ownerId, out var owner))
            {
                notes.Add(new(RoutingNoteKind.AccountOwnerUnknown, domain, ownerId));
                unownedDomain = domain;
            }
            else
            {
                var reason = Check(_reps[owner], lead: null, seniorsOnly: false, in probe, out var count, out var limit);
                if (reason == RepSkipReason.None)
                {
                    notes.Add(new(RoutingNoteKind.AccountOwner, domain, ownerId));
                    return new RoutingDecision(RoutingOutcome.AccountOwner, ownerId, null, null, null, notes,
                        state.Assign(today, ownerId, team: null, cursor: 0, newAccountDomain: null));
                }

                // The owner keeps the account while away; this lead alone goes elsewhere.
                notes.Add(new(RoutingNoteKind.AccountOwnerSkipped, domain, ownerId, reason, count, limit));
            }
        }

        // 2. First matching rule.
        var rules = _rules.Rules;
        var r = 0;
        while (r < rules.Length && !rules[r].Matches(lead, grade))
        {
            r++;
        }

        if (r == rules.Length)
        {
            notes.Add(new(RoutingNoteKind.NoRuleMatched));
            notes.Add(new(RoutingNoteKind.Fallback, _rules.FallbackQueue));
            return new RoutingDecision(RoutingOutcome.Fallback, null, _rules.FallbackQueue, null, null, notes, state);
        }

        var rule = rules[r];
        var team = _ruleTeams[r];
        notes.Add(new(RoutingNoteKind.RuleMatched, rule.Name));
        var seniorsOnly = rule.SeniorsOnlyForGradeA && grade == Grade.A;
        if (seniorsOnly)
        {
            notes.Add(new(RoutingNoteKind.SeniorsOnly, team.Name));
        }

        // 3. The team's strategy, skipping reps who cannot take the lead.
        int chosen;
        int cursor;
        switch (rule.Strategy)
        {
            case RoutingStrategy.LeastLoaded:
                chosen = PickLeastLoaded(team, lead, seniorsOnly, in probe, notes, out cursor, out var open);
                if (chosen >= 0)
                {
                    notes.Add(new(RoutingNoteKind.LeastLoaded, RepId: _reps[team.Members[chosen]].Rep.Id, Count: open));
                }

                break;
            case RoutingStrategy.Weighted:
                chosen = PickInTurn(team, team.Weighted, lead, seniorsOnly, in probe, notes, out cursor);
                if (chosen >= 0)
                {
                    var rep = _reps[team.Members[chosen]].Rep;
                    notes.Add(new(RoutingNoteKind.WeightedTurn, RepId: rep.Id, Count: rep.Weight));
                }

                break;
            default:
                chosen = PickInTurn(team, team.RoundRobin, lead, seniorsOnly, in probe, notes, out cursor);
                if (chosen >= 0)
                {
                    notes.Add(new(RoutingNoteKind.RoundRobinTurn, RepId: _reps[team.Members[chosen]].Rep.Id));
                }

                break;
        }

        // 4. Nobody fits: the rule's (or the document's) fallback queue.
        if (chosen < 0)
        {
            notes.Add(new(RoutingNoteKind.NoRepAvailable, team.Name));
            notes.Add(new(RoutingNoteKind.Fallback, rule.FallbackQueue));
            return new RoutingDecision(RoutingOutcome.Fallback, null, rule.FallbackQueue, rule.Name, team.Name, notes, state);
        }

        var repId = _reps[team.Members[chosen]].Rep.Id;
        if (unownedDomain is not null)
        {
            notes.Add(new(RoutingNoteKind.AccountOwnerRecorded, unownedDomain, repId));
        }

        return new RoutingDecision(RoutingOutcome.Rule, repId, null, rule.Name, team.Name, notes,
            state.Assign(today, repId, team.Name, cursor, unownedDomain));
    }

    /// <summary>Round robin and weighted: walk the schedule from the cursor; the first rep who can take the lead
    /// gets it and the cursor moves just past them, so a skipped rep keeps their place for next time.</summary>
    private int PickInTurn(TeamPlan team, int[] schedule, LeadProfile lead, bool seniorsOnly, in Probe probe,
        List<RoutingNote> notes, out int nextCursor)
    {
        var length = schedule.Length;
        var start = Wrap(probe.State.CursorOf(team.Name), length);
        var size = team.Members.Length;
        Span<bool> checkedAlready = size <= MaxStackTeam ? stackalloc bool[size] : new bool[size];
        var position = start;
        for (var step = 0; step < length; step++)
        {
            var member = schedule[position];
            if (!checkedAlready[member])
            {
                checkedAlready[member] = true;
                var entry = _reps[team.Members[member]];
                var reason = Check(entry, lead, seniorsOnly, in probe, out var count, out var limit);
                if (reason == RepSkipReason.None)
                {
                    nextCursor = position + 1 == length ? 0 : position + 1;
                    return member;
                }

                notes.Add(new(RoutingNoteKind.RepSkipped, null, entry.Rep.Id, reason, count, limit));
            }

            position = position + 1 == length ? 0 : position + 1;
        }

        nextCursor = start;
        return -1;
    }

    /// <summary>Fewest open leads wins; scanning from the round-robin cursor breaks ties in turn order.</summary>
    private int PickLeastLoaded(TeamPlan team, LeadProfile lead, bool seniorsOnly, in Probe probe,
        List<RoutingNote> notes, out int nextCursor, out int bestOpen)
    {
        var size = team.Members.Length;
        var start = Wrap(probe.State.CursorOf(team.Name), size);
        var best = -1;
        bestOpen = int.MaxValue;
        var member = start;
        for (var step = 0; step < size; step++)
        {
            var entry = _reps[team.Members[member]];
            var reason = Check(entry, lead, seniorsOnly, in probe, out var count, out var limit);
            if (reason != RepSkipReason.None)
            {
                notes.Add(new(RoutingNoteKind.RepSkipped, null, entry.Rep.Id, reason, count, limit));
            }
            else if (count < bestOpen)
            {
                best = member;
                bestOpen = count;
            }

            member = member + 1 == size ? 0 : member + 1;
        }

        nextCursor = best < 0 ? start : (best + 1 == size ? 0 : best + 1);
        return best;
    }

    /// <summary>Why the rep cannot take the lead, or <see cref="RepSkipReason.None"/>. On success
    /// <paramref name="count"/> is the rep's open lead count; on a capacity skip it is the count that hit
    /// <paramref name="limit"/>. A null <paramref name="lead"/> skips the coverage check (account owners).</summary>
    private static RepSkipReason Check(RepEntry entry, LeadProfile? lead, bool seniorsOnly, in Probe probe,
        out int count, out int limit)
    {
        var rep = entry.Rep;
        count = 0;
        limit = 0;
        if (probe.Excluded is not null && probe.Excluded.Contains(rep.Id))
        {
            return RepSkipReason.Excluded;
        }

        if (!rep.Active)
        {
            return RepSkipReason.Inactive;
        }

        if (!rep.IsAvailableAt(probe.Now))
        {
            return RepSkipReason.OutOfOffice;
        }

        if (seniorsOnly && rep.Tier != RepTier.Senior)
        {
            return RepSkipReason.NotSenior;
        }

        if (lead is not null && !entry.Covers(lead))
        {
            return RepSkipReason.NotCovered;
        }

        probe.State.Loads.TryGetValue(rep.Id, out var load);
        if (load.OpenLeads >= rep.MaxOpenLeads)
        {
            count = load.OpenLeads;
            limit = rep.MaxOpenLeads;
            return RepSkipReason.AtCapacity;
        }

        var newToday = probe.FreshDay ? 0 : load.NewLeadsToday;
        if (newToday >= rep.MaxNewLeadsPerDay)
        {
            count = newToday;
            limit = rep.MaxNewLeadsPerDay;
            return RepSkipReason.DailyLimitReached;
        }

        count = load.OpenLeads;
        return RepSkipReason.None;
    }

    private static int Wrap(int cursor, int length)
    {
        var wrapped = cursor % length;
        return wrapped < 0 ? wrapped + length : wrapped;
    }

    /// <summary>The per-lead inputs every rep check reads.</summary>
    private readonly struct Probe(RoutingState state, DateTimeOffset now, bool freshDay, IReadOnlySet<string>? excluded)
    {
        public RoutingState State { get; } = state;

        public DateTimeOffset Now { get; } = now;

        /// <summary>The lead falls on a later day than the state's counts: everyone's new-today count is 0.</summary>
        public bool FreshDay { get; } = freshDay;

        public IReadOnlySet<string>? Excluded { get; } = excluded;
    }
}
