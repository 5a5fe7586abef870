namespace FunnelAutomation.Core.Learning;

/// <summary>How well a model separated won from lost on leads it did not train on: AUC (0.5 is a coin,
/// 1 is perfect) and calibration by decile of predicted probability (predicted vs observed win rate).</summary>
public sealed record WinEvaluation(
    double Auc,
    int TrainingRows,
    int HeldOutRows,
    double HeldOutWinRate,
    IReadOnlyList<CalibrationDecile> Calibration)
{
    /// <summary>Evaluates predictions (probability, outcome) of held-out rows.</summary>
    public static WinEvaluation Of(IReadOnlyList<(double Probability, bool Won)> heldOut, int trainingRows)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        var sorted = heldOut.OrderBy(p => p.Probability).ToArray();
        var won = sorted.Count(p => p.Won);
        var rate = sorted.Length == 0 ? 0 : (double)won / sorted.Length;
        return new(AreaUnderCurve(sorted), trainingRows, sorted.Length, rate, Deciles(sorted));
    }

    /// <summary>Mann–Whitney AUC over rows sorted by probability, ties given half credit (average ranks).</summary>
    private static double AreaUnderCurve((double Probability, bool Won)[] sorted)
    {
        long positives = sorted.Count(p => p.Won), negatives = sorted.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return 0.5;
        }

        double rankSum = 0;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j < sorted.Length && sorted[j].Probability == sorted[i].Probability)
            {
                j++;
            }

            var averageRank = (i + 1 + j) / 2.0;
            for (var k = i; k < j; k++)
            {
                if (sorted[k].Won)
                {
                    rankSum += averageRank;
                }
            }

            i = j;
        }

        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    private static CalibrationDecile[] Deciles((double Probability, bool Won)[] sorted)
    {
        var deciles = new List<CalibrationDecile>(10);
        for (var d = 0; d < 10; d++)
        {
            var from = sorted.Length * d / 10;
            var to = sorted.Length * (d + 1) / 10;
            if (to <= from)
            {
                continue;
            }

            var slice = sorted[from..to];
            deciles.Add(new(d + 1, slice.Length, slice.Average(p => p.Probability), slice.Count(p => p.Won) / (double)slice.Length));
        }

        return [.. deciles];
    }
}

/// <summary>One tenth of the held-out leads by predicted probability (1 = lowest): how many, the mean predicted
/// probability and the share that was actually won.</summary>
public sealed record CalibrationDecile(int Decile, int Leads, double Predicted, double Observed);
