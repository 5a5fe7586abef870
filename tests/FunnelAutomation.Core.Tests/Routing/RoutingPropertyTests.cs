using FsCheck;
using FsCheck.Xunit;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;
using static FunnelAutomation.Core.Tests.Routing.RoutingTestData;

namespace FunnelAutomation.Core.Tests.Routing;

public class RoutingPropertyTests
{
    [Property(MaxTest = 200)]
    public bool Round_robin_counts_differ_by_at_most_one(PositiveInt teamSize, NonNegativeInt leadCount, int startCursor)
    {
        var size = 1 + ((teamSize.Get - 1) % 12);
        var leads = leadCount.Get % 400;
        var reps = new Rep[size];
        for (var i = 0; i < size; i++)
        {
            reps[i] = Rep("r" + i, maxOpen: 1_000, maxNewPerDay: 1_000);
        }

        var router = Router(SingleRule(), reps);
        var state = RoutingState.Empty.WithCursor("EMEA", startCursor);
        for (var i = 0; i < leads; i++)
        {
            state = router.Route(Lead(), Grade.B, state, Now).State;
        }

        var min = int.MaxValue;
        var max = 0;
        var total = 0;
        foreach (var rep in reps)
        {
            var open = state.LoadOf(rep.Id).OpenLeads;
            min = Math.Min(min, open);
            max = Math.Max(max, open);
            total += open;
        }

        return max - min <= 1 && total == leads;
    }

    [Property(MaxTest = 100)]
    public bool Weighted_counts_are_proportional_to_weights(NonEmptyArray<PositiveInt> rawWeights, PositiveInt rounds)
    {
        var weights = new int[Math.Min(rawWeights.Get.Length, 8)];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = 1 + ((rawWeights.Get[i].Get - 1) % 6);
        }

        var reps = new Rep[weights.Length];
        var sum = 0;
        for (var i = 0; i < reps.Length; i++)
        {
            reps[i] = Rep("r" + i, weight: weights[i], maxOpen: 10_000, maxNewPerDay: 10_000);
            sum += weights[i];
        }

        var cycles = 1 + ((rounds.Get - 1) % 5);
        var router = Router(SingleRule(RoutingStrategy.Weighted), reps);
        var state = RoutingState.Empty;
        for (var i = 0; i < cycles * sum; i++)
        {
            state = router.Route(Lead(), Grade.B, state, Now).State;
        }

        for (var i = 0; i < reps.Length; i++)
        {
            if (state.LoadOf(reps[i].Id).OpenLeads != cycles * weights[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whatever the loads, absences, exclusions and strategy: a chosen rep can take the lead, and the
    /// fallback queue is used only when no rep of the team could.</summary>
    [Property(MaxTest = 300)]
    public bool Unavailable_or_full_reps_are_never_chosen(
        PositiveInt teamSize, byte[] opens, byte[] news, bool[] inactive, bool[] away, bool[] excluded, bool[] senior,
        byte strategy, bool gradeA, bool ownerFirst, int cursor)
    {
        var size = 1 + ((teamSize.Get - 1) % 8);
        var reps = new Rep[size];
        var state = RoutingState.Empty.WithCursor("EMEA", cursor) with { Day = DateOnly.FromDateTime(Now.UtcDateTime) };
        var excludedIds = new HashSet<string>();
        for (var i = 0; i < size; i++)
        {
            var id = "r" + i;
            reps[i] = Rep(id, maxOpen: 5, maxNewPerDay: 3, active: !Pick(inactive, i),
                tier: Pick(senior, i) ? RepTier.Senior : RepTier.Standard,
                oooFrom: Pick(away, i) ? Now.AddDays(-1) : null);
            state = state.WithLoad(id, new RepLoad(Pick(opens, i) % 7, Pick(news, i) % 4));
            if (Pick(excluded, i))
            {
                excludedIds.Add(id);
            }
        }

        if (ownerFirst)
        {
            state = state.WithAccountOwner("acme.com", "r0");
        }

        var rules = SingleRule((RoutingStrategy)(strategy % 3), seniorsOnly: true, ownership: true);
        var grade = gradeA ? Grade.A : Grade.B;
        var decision = Router(rules, reps).Route(Lead(email: "x@acme.com"), grade, state, Now, excludedIds);

        bool CanTake(Rep rep, bool asOwner) =>
            !excludedIds.Contains(rep.Id) && rep.IsAvailableAt(Now)
            && state.LoadOf(rep.Id).OpenLeads < rep.MaxOpenLeads
            && state.LoadOf(rep.Id).NewLeadsToday < rep.MaxNewLeadsPerDay
            && (asOwner || !gradeA || rep.Tier == RepTier.Senior);

        if (decision.RepId is null)
        {
            foreach (var rep in reps)
            {
                if (CanTake(rep, asOwner: false))
                {
                    return false;
                }
            }

            return decision.FallbackQueue == "unassigned";
        }

        var chosen = Array.Find(reps, r => r.Id == decision.RepId)!;
        var viaOwner = decision.Outcome == RoutingOutcome.AccountOwner;
        return CanTake(chosen, viaOwner) && (!viaOwner || chosen.Id == "r0")
            && decision.State.LoadOf(chosen.Id).OpenLeads == state.LoadOf(chosen.Id).OpenLeads + 1;
    }

    private static bool Pick(bool[] values, int i) => values.Length > 0 && values[i % values.Length];

    private static int Pick(byte[] values, int i) => values.Length == 0 ? 0 : values[i % values.Length];
}
