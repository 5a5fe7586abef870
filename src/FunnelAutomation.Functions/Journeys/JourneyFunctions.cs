using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Journeys;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace FunnelAutomation.Functions.Journeys;

/// <summary>The Functions triggers of the shared journey orchestration and its activities: wrappers only, so Azure
/// runs exactly what the local Host runs.</summary>
public sealed class JourneyFunctions(JourneyActivities activities)
{
    [Function(JourneyNames.Orchestrator)]
    public static Task<JourneyState?> OrchestrateAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<JourneyOrchestrationInput>()
            ?? throw new InvalidOperationException("The journey orchestration needs a JourneyOrchestrationInput.");
        return new JourneyOrchestrator().RunAsync(context, input);
    }

    [Function(JourneyNames.DecideActivity)]
    public Task<JourneyTurnResult> DecideAsync([ActivityTrigger] JourneyTurnRequest request, CancellationToken cancellationToken) =>
        activities.DecideAsync(request, cancellationToken);
}
