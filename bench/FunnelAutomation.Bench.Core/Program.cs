using BenchmarkDotNet.Running;

namespace FunnelAutomation.Bench.Core;

internal static class Program
{
    // dotnet run -c Release --project bench/FunnelAutomation.Bench.Core -- --filter '*'
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
