using FunnelAutomation.Application.Learning;
using FunnelAutomation.Core.Learning;

namespace FunnelAutomation.Learning;

/// <summary>The Application's trainer port, served by ML.NET FastTree (<see cref="WinModelTrainer"/>).</summary>
public sealed class MlNetWinModelTrainer(WinTrainingOptions options) : IWinModelTrainer
{
    public WinModel Train(IReadOnlyList<WinExample> examples, string version, DateTimeOffset trainedAt) =>
        WinModelTrainer.Train(examples, options, version, trainedAt).Model;
}
