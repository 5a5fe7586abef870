using FunnelAutomation.Core.Learning;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace FunnelAutomation.Learning;

/// <summary>Trains the won-vs-lost classifier on closed leads with ML.NET's FastTree, evaluates it on a held-out
/// split, and exports the ensemble and calibrator into Core's <see cref="WinModel"/> (what prediction runs).</summary>
public static class WinModelTrainer
{
    /// <summary>Fits and evaluates a model. The held-out rows are a seeded random share of the examples; AUC and
    /// calibration are measured with the exported Core model, the one that will predict.</summary>
    public static WinTraining Train(
        IReadOnlyList<WinExample> examples, WinTrainingOptions options, string version, DateTimeOffset trainedAt)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        if (examples.Count < 10)
        {
            throw new ArgumentException("At least 10 closed leads are needed to split and train.", nameof(examples));
        }

        var vocabulary = WinVocabulary.From(examples.Select(e => e.Facts));
        var rows = examples.Select(e => new WinRow { Features = WinFeatures.Of(e.Facts, e.ClosedAt, vocabulary), Won = e.Won }).ToArray();

        var order = Enumerable.Range(0, rows.Length).ToArray();
        new Random(options.Seed).Shuffle(order);
        var heldOutCount = Math.Clamp((int)Math.Round(rows.Length * options.HeldOutFraction), 1, rows.Length - 1);
        var heldOut = order[..heldOutCount].Select(i => rows[i]).ToArray();
        var training = order[heldOutCount..].Select(i => rows[i]).ToArray();

        var ml = new MLContext(options.Seed);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(WinRow.Won),
            FeatureColumnName = nameof(WinRow.Features),
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumLeadsPerLeaf,
            LearningRate = options.LearningRate,
            Seed = options.Seed,
            NumberOfThreads = options.Threads,
        });
        var fitted = trainer.Fit(ml.Data.LoadFromEnumerable(training));

        var trainingFeatures = training.Select(r => r.Features).ToArray();
        var exported = Export(fitted.Model, trainingFeatures);
        var model = new WinModel
        {
            Version = version,
            TrainedAt = trainedAt,
            ClosedLeads = rows.Length,
            Vocabulary = vocabulary,
            Trees = exported.Trees,
            Bias = exported.Bias,
            PlattSlope = exported.Slope,
            PlattOffset = exported.Offset,
            Evaluation = WinEvaluation.Of([], training.Length),
        };
        var evaluation = WinEvaluation.Of([.. heldOut.Select(r => (model.Probability(r.Features), r.Won))], training.Length);
        return new WinTraining(model with { Evaluation = evaluation }, new MlNetWinModel(ml, fitted), [.. heldOut.Select(r => r.Features)], [.. heldOut.Select(r => r.Won)]);
    }

    private static (WinTree[] Trees, double Bias, double Slope, double Offset) Export(
        CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> model, IReadOnlyList<float[]> trainingRows)
    {
        var ensemble = model.SubModel.TrainedTreeEnsemble;
        var trees = new WinTree[ensemble.Trees.Count];
        for (var t = 0; t < trees.Length; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.CategoricalSplitFlags.Any(c => c))
            {
                // Categorical splits are off by default (CategoricalSplit = false); refuse rather than mis-evaluate.
                throw new NotSupportedException("The ensemble uses categorical splits, which WinModel does not evaluate.");
            }

            trees[t] = new WinTree(
                ensemble.TreeWeights[t],
                [.. tree.NumericalSplitFeatureIndexes],
                [.. tree.NumericalSplitThresholds],
                [.. tree.LeftChild],
                [.. tree.RightChild],
                [.. tree.LeafValues],
                []).WithNodeValues(trainingRows);
        }

        return (trees, ensemble.Bias, model.Calibrator.Slope, model.Calibrator.Offset);
    }
}

/// <summary>A trained model and what it was judged on: the exported Core model (with its evaluation), ML.NET's own
/// model (to check the export against), and the held-out rows.</summary>
public sealed record WinTraining(WinModel Model, MlNetWinModel MlNet, IReadOnlyList<float[]> HeldOutFeatures, IReadOnlyList<bool> HeldOutWon);

/// <summary>ML.NET's fitted transformer, kept only to compare its predictions with the export's.</summary>
public sealed class MlNetWinModel(MLContext ml, ITransformer model)
{
    public IReadOnlyList<float> Probabilities(IReadOnlyList<float[]> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var scored = model.Transform(ml.Data.LoadFromEnumerable(features.Select(f => new WinRow { Features = f })));
        return ml.Data.CreateEnumerable<WinScore>(scored, reuseRowObject: false).Select(s => s.Probability).ToArray();
    }
}

internal sealed class WinRow
{
    [VectorType(WinFeatures.Count)]
    public float[] Features { get; set; } = [];

    public bool Won { get; set; }
}

internal sealed class WinScore
{
    public float Probability { get; set; }
}
