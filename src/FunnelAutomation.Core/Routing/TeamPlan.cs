namespace FunnelAutomation.Core.Routing;

/// <summary>A team as routing walks it: members in roster order and the turn schedules over them, computed once
/// so a turn is an array read.</summary>
internal sealed class TeamPlan
{
    private TeamPlan(string name, int[] members, int[] roundRobin, int[] weighted)
    {
        Name = name;
        Members = members;
        RoundRobin = roundRobin;
        Weighted = weighted;
    }

    public string Name { get; }

    /// <summary>Indexes into the router's rep array, in roster order.</summary>
    public int[] Members { get; }

    /// <summary>Member positions 0, 1, …, n-1.</summary>
    public int[] RoundRobin { get; }

    /// <summary>Member positions in smooth weighted round-robin order; each member appears weight/gcd times.</summary>
    public int[] Weighted { get; }

    public static TeamPlan Build(string name, int[] members, IReadOnlyList<Rep> reps)
    {
        var roundRobin = new int[members.Length];
        var weights = new int[members.Length];
        var divisor = 0;
        for (var i = 0; i < members.Length; i++)
        {
            roundRobin[i] = i;
            weights[i] = Math.Max(1, reps[members[i]].Weight);
            divisor = Gcd(divisor, weights[i]);
        }

        var total = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] /= divisor;
            total += weights[i];
        }

        return new TeamPlan(name, members, roundRobin, SmoothWeighted(weights, total));
    }

    // nginx's smooth weighted round robin, played out once: the same interleaving every time, no state but a cursor.
    private static int[] SmoothWeighted(int[] weights, int total)
    {
        var schedule = new int[total];
        var current = new int[weights.Length];
        for (var slot = 0; slot < total; slot++)
        {
            var best = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                current[i] += weights[i];
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= total;
            schedule[slot] = best;
        }

        return schedule;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
