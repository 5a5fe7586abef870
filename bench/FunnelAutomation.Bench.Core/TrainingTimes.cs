using System.Diagnostics;
using System.Globalization;
using FunnelAutomation.Learning;
using FunnelAutomation.Learning.Synthetic;

namespace FunnelAutomation.Bench.Core;

/// <summary>`-- train [sizes…]`: wall time to train and evaluate the win model on N generated closed leads
/// (features, ML.NET FastTree fit, export to Core, held-out AUC), one run per size after a small warm-up.</summary>
internal static class TrainingTimes
{
    public static void Run(IReadOnlyList<string> sizes)
    {
        var counts = sizes.Count > 0 ? sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [10_000, 100_000];
        var at = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);
        WinModelTrainer.Train(WinHistoryGenerator.Examples(1_000, true, 9), new WinTrainingOptions(), "warm-up", at);
        Console.WriteLine($"{Environment.ProcessorCount} cores, {new WinTrainingOptions().Trees} trees of {new WinTrainingOptions().Leaves} leaves");
        foreach (var n in counts)
        {
            var examples = WinHistoryGenerator.Examples(n, signal: true, seed: n);
            var clock = Stopwatch.StartNew();
            var training = WinModelTrainer.Train(examples, new WinTrainingOptions(), "bench", at);
            clock.Stop();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{n,8:N0} closed leads: trained + evaluated in {clock.Elapsed.TotalSeconds:0.00} s, held-out AUC {training.Model.Evaluation.Auc:0.000}"));
        }
    }
}
