using FsCheck.Xunit;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using static FunnelAutomation.Core.Tests.Pipeline.PipelineFixtures;

namespace FunnelAutomation.Core.Tests.Pipeline;

public class ForwardOnlyProperties
{
    private static readonly string[] Actions = [.. CustomerActionTypes.All.Order(StringComparer.Ordinal)];

    /// <summary>Whatever operations arrive, in whatever order, an open or won lead's stage never moves
    /// back, a won lead never changes, and history only grows by the recorded move.</summary>
    [Property(MaxTest = 300)]
    public bool No_sequence_of_operations_moves_a_lead_backwards(int[] operations)
    {
        var progress = PipelineProgress.Enter(Standard, Monday, "form_submitted");
        var at = Monday;
        foreach (var op in operations)
        {
            at = at.AddHours(1);
            var choice = Math.Abs(op % 1000);
            var move = (choice % 4) switch
            {
                0 => PipelineRules.Advance(Standard, progress, Standard.Stages[choice / 4 % Standard.Stages.Count].Id, at, "rep"),
                1 => PipelineRules.ApplyAction(Standard, progress, Actions[choice / 4 % Actions.Length], at),
                2 => PipelineRules.MarkLost(Standard, progress, "competitor", at, "rep"),
                _ => PipelineRules.Reopen(Standard, progress, at, PipelineRules.ReactivationCause),
            };

            var before = Standard.IndexOf(progress.Stage);
            var after = Standard.IndexOf(move.Progress.Stage);
            if (after < before)
            {
                return false;
            }

            if (progress.Status == LeadStatus.Won && move.Progress != progress)
            {
                return false;
            }

            var grew = move.Progress.History.Count - progress.History.Count;
            if (grew != (move.Moved ? 1 : 0))
            {
                return false;
            }

            progress = move.Progress;
        }

        return progress.History.Zip(progress.History.Skip(1)).All(pair =>
            pair.Second.From == pair.First.To
            && (pair.Second.From == PipelineDefinition.LostStage
                || pair.Second.To == PipelineDefinition.LostStage
                || Standard.IndexOf(pair.Second.To) > Standard.IndexOf(pair.Second.From!)));
    }
}
