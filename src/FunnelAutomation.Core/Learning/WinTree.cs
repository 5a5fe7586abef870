namespace FunnelAutomation.Core.Learning;

/// <summary>One regression tree of the exported ensemble, as plain arrays (the shape ML.NET's
/// <c>RegressionTreeBase</c> exposes). Node <c>i</c> sends a row left when <c>x[SplitFeatures[i]] &lt;=
/// Thresholds[i]</c>, else right; a child index <c>c &lt; 0</c> is leaf <c>~c</c>. <see cref="NodeValues"/>[i]
/// is the mean output of the training rows that reached node <c>i</c> (what the tree "expects" before that
/// split), which is what per-feature contributions are measured from.</summary>
public sealed record WinTree(
    double Weight,
    int[] SplitFeatures,
    float[] Thresholds,
    int[] Left,
    int[] Right,
    double[] LeafValues,
    double[] NodeValues)
{
    /// <summary>The leaf a row falls in.</summary>
    public int LeafOf(ReadOnlySpan<float> x)
    {
        if (SplitFeatures.Length == 0)
        {
            return 0;
        }

        var node = 0;
        while (true)
        {
            var next = x[SplitFeatures[node]] <= Thresholds[node] ? Left[node] : Right[node];
            if (next < 0)
            {
                return ~next;
            }

            node = next;
        }
    }

    /// <summary>Weighted output for a row.</summary>
    public double Output(ReadOnlySpan<float> x) => Weight * LeafValues[LeafOf(x)];

    /// <summary>Adds this tree's per-feature contributions for a row (Saabas: along the row's path, each split's
    /// feature is credited the change in expected output from the node to the child taken) and returns the
    /// tree's expected output at its root. Root expectation + contributions = <see cref="Output"/>.</summary>
    public double Contribute(ReadOnlySpan<float> x, Span<double> contributions)
    {
        if (SplitFeatures.Length == 0)
        {
            return Weight * LeafValues[0];
        }

        var node = 0;
        var expected = NodeValues[0];
        while (true)
        {
            var feature = SplitFeatures[node];
            var next = x[feature] <= Thresholds[node] ? Left[node] : Right[node];
            var value = next < 0 ? LeafValues[~next] : NodeValues[next];
            contributions[feature] += Weight * (value - expected);
            if (next < 0)
            {
                return Weight * NodeValues[0];
            }

            expected = value;
            node = next;
        }
    }

    /// <summary>The same tree with <see cref="NodeValues"/> computed from training rows: each internal node's
    /// value is the mean leaf value of the rows passing through it (a node no row reached gets the plain mean of
    /// its two children).</summary>
    public WinTree WithNodeValues(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var nodes = SplitFeatures.Length;
        var sums = new double[nodes];
        var counts = new long[nodes];
        foreach (var x in rows)
        {
            if (nodes == 0)
            {
                break;
            }

            var path = new List<int>(8);
            var node = 0;
            int leaf;
            while (true)
            {
                path.Add(node);
                var next = x[SplitFeatures[node]] <= Thresholds[node] ? Left[node] : Right[node];
                if (next < 0)
                {
                    leaf = ~next;
                    break;
                }

                node = next;
            }

            foreach (var p in path)
            {
                sums[p] += LeafValues[leaf];
                counts[p]++;
            }
        }

        var values = new double[nodes];
        for (var i = nodes - 1; i >= 0; i--)
        {
            values[i] = counts[i] > 0 ? sums[i] / counts[i] : (ValueOf(Left[i], values) + ValueOf(Right[i], values)) / 2;
        }

        return this with { NodeValues = values };
    }

    private double ValueOf(int child, double[] values) => child < 0 ? LeafValues[~child] : values[child];
}
