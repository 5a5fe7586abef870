using System.Globalization;

namespace FunnelAutomation.Core.Learning;

/// <summary>When a trained model may go live: trained on at least <see cref="MinClosedLeads"/> closed leads
/// and, on leads it never saw, separating won from lost with an AUC of at least <see cref="MinAuc"/>. A model
/// that fails either is kept for the record but never activated.</summary>
public sealed record WinActivationPolicy(int MinClosedLeads, double MinAuc)
{
    public static WinActivationPolicy Default { get; } = new(200, 0.6);

    /// <summary>Why the model may not be activated, or null when it may.</summary>
    public string? RefusalFor(WinModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = CultureInfo.InvariantCulture;
        if (model.ClosedLeads < MinClosedLeads)
        {
            return string.Create(c, $"trained on {model.ClosedLeads} closed leads; at least {MinClosedLeads} are needed");
        }

        return model.Evaluation.Auc < MinAuc
            ? string.Create(c, $"held-out AUC {model.Evaluation.Auc:0.000} is below the floor {MinAuc:0.00}: the model does not tell won from lost well enough")
            : null;
    }
}
