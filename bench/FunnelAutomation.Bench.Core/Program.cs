using BenchmarkDotNet.Running;

namespace FunnelAutomation.Bench.Core;

internal static class Program
{
    // dotnet run -c Release --project bench/FunnelAutomation.Bench.Core -- --filter '*'
    // dotnet run -c Release --project bench/FunnelAutomation.Bench.Core -- train [10000 100000]
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "train")
        {
            TrainingTimes.Run(args[1..]);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
