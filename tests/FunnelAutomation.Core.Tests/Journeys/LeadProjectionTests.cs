using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Tests.Pipeline;

namespace FunnelAutomation.Core.Tests.Journeys;

public class LeadProjectionTests
{
    private static readonly DateTimeOffset T0 = PipelineFixtures.Monday;

    private static Lead NewLead()
    {
        var progress = PipelineProgress.Enter(PipelineFixtures.Standard, T0, "form_submitted");
        return new Lead
        {
            Id = "ld_1",
            Profile = new LeadProfile { Email = "a@example.com" },
            CreatedAt = T0,
            UpdatedAt = T0,
            PipelineId = progress.PipelineId,
            Stage = progress.Stage,
            Status = progress.Status,
            History = progress.History,
        };
    }

    [Fact]
    public void An_advance_to_the_won_stage_wins_the_lead_with_the_commands_time_and_cause()
    {
        var at = T0.AddDays(3);

        var won = LeadProjection.Apply(NewLead(), new AdvanceStage("k", "ld_1", "won", "contract_signed", at), PipelineFixtures.Standard, at.AddSeconds(1));

        Assert.Equal((LeadStatus.Won, "won"), (won!.Status, won.Stage));
        Assert.Equal(new StageTransition("prospect", "won", at, "contract_signed"), won.History[^1]);
        Assert.Equal(at.AddSeconds(1), won.UpdatedAt);
    }

    [Fact]
    public void The_journey_is_followed_where_the_pipeline_rules_would_refuse()
    {
        // A lost row the journey moves on (its reopen was recorded elsewhere): the rules refuse any advance of a
        // lost lead, the projection records it from "lost".
        var lost = LeadProjection.Apply(NewLead(), new MarkLost("k1", "ld_1", "not-a-listed-reason", T0.AddDays(1)), PipelineFixtures.Standard, T0)!;
        Assert.Equal(StageMoveKind.Refused,
            PipelineRules.Advance(PipelineFixtures.Standard, PipelineProgress.Of(lost)!, "initial-contact", T0.AddDays(2), "meeting_booked").Kind);

        var moved = LeadProjection.Apply(lost, new AdvanceStage("k2", "ld_1", "initial-contact", "meeting_booked", T0.AddDays(2)), PipelineFixtures.Standard, T0);

        Assert.Equal((LeadStatus.Open, "initial-contact", null), (moved!.Status, moved.Stage, moved.LostReason));
        Assert.Equal(new StageTransition("lost", "initial-contact", T0.AddDays(2), "meeting_booked"), moved.History[^1]);
    }

    [Fact]
    public void Commands_that_move_no_stage_or_are_already_recorded_change_nothing()
    {
        var lead = NewLead();
        var lost = new MarkLost("k1", "ld_1", "price", T0.AddDays(1));
        var once = LeadProjection.Apply(lead, lost, PipelineFixtures.Standard, T0)!;

        Assert.Null(LeadProjection.Apply(once, lost, PipelineFixtures.Standard, T0));
        Assert.Null(LeadProjection.Apply(lead, new ReopenLead("k2", "ld_1", T0), PipelineFixtures.Standard, T0)); // not lost
        Assert.Null(LeadProjection.Apply(lead, new AdvanceStage("k3", "ld_1", "prospect", "form_submitted", T0.AddHours(1)), PipelineFixtures.Standard, T0));
        Assert.Null(LeadProjection.Apply(lead, new Rescore("k4", "ld_1"), PipelineFixtures.Standard, T0));
        Assert.Null(LeadProjection.Apply(lead with { PipelineId = null }, lost, PipelineFixtures.Standard, T0));
    }
}
