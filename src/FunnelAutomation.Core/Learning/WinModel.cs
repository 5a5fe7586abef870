namespace FunnelAutomation.Core.Learning;

/// <summary>A trained win-probability model as plain data: the boosted tree ensemble and its Platt calibrator,
/// exported from ML.NET's FastTree, with the vocabulary its category codes use and its held-out evaluation.
/// Serializable as JSON and evaluated here without ML.NET, so prediction on the intake path is pure and fast.
/// Probability = 1 / (1 + exp(<see cref="PlattSlope"/> · s + <see cref="PlattOffset"/>)), where s =
/// <see cref="Bias"/> + Σ tree outputs (the same formula as ML.NET's <c>PlattCalibrator</c>).</summary>
public sealed record WinModel
{
    /// <summary>Version label ("win-20261202-1530"), shown with every prediction.</summary>
    public required string Version { get; init; }

    public required DateTimeOffset TrainedAt { get; init; }

    /// <summary>Closed leads the model was trained and evaluated on (training + held-out).</summary>
    public required int ClosedLeads { get; init; }

    public required WinVocabulary Vocabulary { get; init; }

    public required IReadOnlyList<WinTree> Trees { get; init; }

    public double Bias { get; init; }

    public double PlattSlope { get; init; }

    public double PlattOffset { get; init; }

    public required WinEvaluation Evaluation { get; init; }

    /// <summary>The ensemble's raw score for a feature row (<see cref="WinFeatures"/>).</summary>
    public double RawScore(ReadOnlySpan<float> features)
    {
        var s = Bias;
        var trees = Trees;
        for (var i = 0; i < trees.Count; i++)
        {
            s += trees[i].Output(features);
        }

        return s;
    }

    /// <summary>Win probability for a feature row.</summary>
    public double Probability(ReadOnlySpan<float> features) => Calibrate(RawScore(features));

    public double Calibrate(double rawScore) => 1 / (1 + Math.Exp(PlattSlope * rawScore + PlattOffset));

    /// <summary>Win probability for a lead's facts as of <paramref name="asOf"/>, without the explanation
    /// (the intake's hot path: no allocation beyond the stack row).</summary>
    public double Probability(WinFacts facts, DateTimeOffset asOf)
    {
        Span<float> row = stackalloc float[WinFeatures.Count];
        WinFeatures.Write(facts, asOf, Vocabulary, row);
        return Probability(row);
    }

    /// <summary>Win probability and the <paramref name="top"/> features that moved it most, in words.</summary>
    public WinPrediction Predict(WinFacts facts, DateTimeOffset asOf, int top = 3)
    {
        Span<float> row = stackalloc float[WinFeatures.Count];
        WinFeatures.Write(facts, asOf, Vocabulary, row);
        return Predict(row, top);
    }

    public WinPrediction Predict(ReadOnlySpan<float> features, int top = 3)
    {
        var contributions = Contributions(features, out var expected);
        var raw = expected + contributions.Sum();

        // Contributions are in raw-score units; the calibrator's slope says which sign raises the odds
        // (FastTree's slope is negative: a higher raw score is a higher probability).
        var direction = PlattSlope <= 0 ? 1.0 : -1.0;

        // Top k by |contribution| (ties: lower feature index), by selection: k is small, the vector 24 long.
        var k = Math.Clamp(top, 0, WinFeatures.Count);
        Span<int> chosen = stackalloc int[k];
        var n = 0;
        for (; n < k; n++)
        {
            var best = -1;
            for (var f = 0; f < contributions.Length; f++)
            {
                if (contributions[f] != 0 && chosen[..n].IndexOf(f) < 0
                    && (best < 0 || Math.Abs(contributions[f]) > Math.Abs(contributions[best])))
                {
                    best = f;
                }
            }

            if (best < 0)
            {
                break;
            }

            chosen[n] = best;
        }

        var ranked = new WinContribution[n];
        for (var i = 0; i < n; i++)
        {
            var f = chosen[i];
            var effect = direction * contributions[f];
            var words = WinFeatures.Describe(f, features[f], Vocabulary);
            ranked[i] = new WinContribution(
                WinFeatures.Names[f], features[f], Math.Round(effect, 4), string.Concat(words, effect > 0 ? " raises the odds" : " lowers the odds"));
        }

        return new WinPrediction(Calibrate(raw), Version, ranked);
    }

    /// <summary>Per-feature contributions (raw-score units) and the expected raw score they start from:
    /// <paramref name="expected"/> + Σ contributions = <see cref="RawScore"/>.</summary>
    public double[] Contributions(ReadOnlySpan<float> features, out double expected)
    {
        var contributions = new double[WinFeatures.Count];
        expected = Bias;
        foreach (var tree in Trees)
        {
            expected += tree.Contribute(features, contributions);
        }

        return contributions;
    }
}

/// <summary>A lead's win probability, which model said so, and the features that moved it most.</summary>
public sealed record WinPrediction(double Probability, string ModelVersion, IReadOnlyList<WinContribution> TopContributions);

/// <summary>One feature's push on the odds: positive <paramref name="Effect"/> raises them (in log-odds-like raw
/// score units), with the sentence a rep reads.</summary>
public sealed record WinContribution(string Feature, float Value, double Effect, string Reason);
