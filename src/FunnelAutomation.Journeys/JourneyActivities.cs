using System.Diagnostics;
using FunnelAutomation.Application.Journeys;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Application.Telemetry;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Journeys;

/// <summary>The journey orchestration's one activity: read the configuration, decide the input, carry out the
/// commands (<see cref="JourneyTurnLoop"/>). Both hosts register <see cref="DecideAsync"/> as the activity named
/// <see cref="JourneyNames.DecideActivity"/>. Activities run at least once; the executor makes each command's effect
/// happen once by its key, so a retried decision whose first commands already ran repeats nothing.</summary>
public sealed class JourneyActivities(IJourneyCommandExecutor executor, IJourneyContextProvider contexts, IJourneyCatchUpSource catchUp)
{
    public Task<JourneyTurnResult> DecideAsync(JourneyTurnRequest request, CancellationToken cancellationToken) =>
        JourneyTurnLoop.RunAsync(request, LoadContextAsync, (decision, ct) => ExecuteDecisionAsync(decision, created: null, ct), cancellationToken);

    /// <summary>A new journey's first turn, taken outside the engine by the intake that has just created the lead
    /// (<see cref="DurableJourneyRunner.StartAsync(JourneyStarted, CreatedLead, CancellationToken)"/>): the same decision, with the lead as written.</summary>
    public Task<JourneyTurnResult> TakeFirstTurnAsync(JourneyTurnRequest request, CreatedLead? created, CancellationToken cancellationToken) =>
        JourneyTurnLoop.RunAsync(request, LoadContextAsync, (decision, ct) => ExecuteDecisionAsync(decision, created, ct), cancellationToken);

    private async Task<JourneyInput[]> ExecuteDecisionAsync(JourneyDecisionRequest request, CreatedLead? created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The orchestration carries the trace across the engine (no ambient context survives its queues and replays).
        using var span = FunnelTelemetry.Start("journey decision", ActivityKind.Internal, request.TraceParent, request.Commands.Count > 0 ? request.Commands[0].LeadId : null);
        var followUps = new List<JourneyInput>();
        foreach (var command in request.Commands)
        {
            using var step = FunnelTelemetry.Start("journey " + command.GetType().Name, ActivityKind.Internal, traceParent: null, command.LeadId);
            step?.SetTag("funnel.command", command.GetType().Name);
            FunnelMetrics.Count(FunnelMetrics.JourneySteps, "command", command.GetType().Name);
            if (command is SendEmail send)
            {
                step?.SetTag("funnel.sequence_id", send.SequenceId);
                step?.SetTag("funnel.step_id", send.StepId);
            }

            try
            {
                followUps.AddRange(await executor.ExecuteAsync(command, created, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex)
            {
                step?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                throw;
            }
        }

        return [.. followUps];
    }

    private async Task<JourneyContextSnapshot> LoadContextAsync(JourneyContextRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = await contexts.GetAsync(request.PipelineId, cancellationToken).ConfigureAwait(false);
        var missed = request.CatchUpFrom is { } started ? await catchUp.MissedAsync(started, cancellationToken).ConfigureAwait(false) : null;
        return JourneyContextSnapshot.From(context, request.Pinned, missed);
    }
}
