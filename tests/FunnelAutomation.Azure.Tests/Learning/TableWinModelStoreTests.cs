using FunnelAutomation.Azure.Learning;
using FunnelAutomation.Core.Learning;

namespace FunnelAutomation.Azure.Tests.Learning;

[Collection(UsesAzurite.Name)]
public sealed class TableWinModelStoreTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static WinModel Model(string version, double auc) => new()
    {
        Version = version,
        TrainedAt = T0,
        ClosedLeads = 1200,
        Vocabulary = new WinVocabulary(["website"], ["software"], ["emea"]),
        Trees = [new WinTree(1, [WinFeatures.Employees], [1000], [~0], [~1], [-0.5, 1.5], [0.2])],
        Bias = 0.1,
        PlattSlope = -1.3,
        PlattOffset = 0.2,
        Evaluation = new WinEvaluation(auc, 960, 240, 0.35, [new CalibrationDecile(1, 24, 0.1, 0.08)]),
    };

    [Fact]
    public async Task Models_are_stored_as_numbered_versions_and_the_active_one_moves_between_them()
    {
        var storage = await azurite.NewStorageAsync();
        var store = new TableWinModelStore(storage.ConfigDocuments);

        Assert.Null(await store.GetActiveVersionAsync(CancellationToken.None));
        var first = await store.AddAsync(Model("win-a", 0.81), CancellationToken.None);
        var second = await store.AddAsync(Model("win-b", 0.52), CancellationToken.None);
        await store.ActivateAsync(first, T0, CancellationToken.None);

        Assert.Equal((1, 2), (first, second));
        Assert.Equal(1, await store.GetActiveVersionAsync(CancellationToken.None));
        Assert.Equal(["win-b", "win-a"], (await store.ListAsync(CancellationToken.None)).Select(m => m.Model.Version));

        var read = (await store.GetAsync(1, CancellationToken.None))!;
        float[] row = new float[WinFeatures.Count];
        row[WinFeatures.Employees] = 5000;
        Assert.Equal(Model("win-a", 0.81).Probability(row), read.Probability(row), 1e-12);
        Assert.Equal(0.81, read.Evaluation.Auc);
        Assert.Equal(0.08, Assert.Single(read.Evaluation.Calibration).Observed);
        Assert.Null(await store.GetAsync(3, CancellationToken.None));
    }
}
