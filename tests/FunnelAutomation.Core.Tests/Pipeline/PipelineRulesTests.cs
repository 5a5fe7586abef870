using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using static FunnelAutomation.Core.Tests.Pipeline.PipelineFixtures;

namespace FunnelAutomation.Core.Tests.Pipeline;

public class PipelineRulesTests
{
    private static PipelineProgress NewLead() => PipelineProgress.Enter(Standard, Monday, "form_submitted");

    [Fact]
    public void A_new_lead_enters_the_first_stage_and_the_entry_is_recorded()
    {
        var progress = NewLead();

        Assert.Equal("prospect", progress.Stage);
        Assert.Equal(LeadStatus.Open, progress.Status);
        Assert.Equal(new StageTransition(null, "prospect", Monday, "form_submitted"), Assert.Single(progress.History));
    }

    [Fact]
    public void A_customer_action_moves_the_lead_into_its_stage_with_the_action_as_cause()
    {
        var at = Monday.AddDays(1);

        var move = PipelineRules.ApplyAction(Standard, NewLead(), "meeting_booked", at);

        Assert.True(move.Moved);
        Assert.Equal("initial-contact", move.Progress.Stage);
        Assert.Equal(new StageTransition("prospect", "initial-contact", at, "meeting_booked"), move.Progress.History[^1]);
    }

    [Fact]
    public void Skipping_stages_is_allowed()
    {
        var move = PipelineRules.ApplyAction(Standard, NewLead(), "proposal_viewed", Monday.AddDays(2));

        Assert.True(move.Moved);
        Assert.Equal("solution-proposed", move.Progress.Stage);
        Assert.Equal("prospect", move.Progress.History[^1].From);
    }

    [Fact]
    public void Moving_back_is_refused_with_a_reason_and_changes_nothing()
    {
        var atQuote = PipelineRules.Advance(Standard, NewLead(), "quote-negotiation", Monday.AddDays(3), "rep").Progress;

        var move = PipelineRules.Advance(Standard, atQuote, "needs-confirmed", Monday.AddDays(4), "rep");

        Assert.Equal(StageMoveKind.Refused, move.Kind);
        Assert.Contains("only move forward", move.Reason, StringComparison.Ordinal);
        Assert.Same(atQuote, move.Progress);
    }

    [Fact]
    public void A_late_signal_for_an_earlier_stage_leaves_the_lead_where_it_is()
    {
        var atQuote = PipelineRules.Advance(Standard, NewLead(), "quote-negotiation", Monday.AddDays(3), "rep").Progress;

        var move = PipelineRules.ApplyAction(Standard, atQuote, "proposal_viewed", Monday.AddDays(4));

        Assert.Equal(StageMoveKind.Unchanged, move.Kind);
        Assert.Equal("quote-negotiation", move.Progress.Stage);
        Assert.Equal(2, move.Progress.History.Count);
    }

    [Fact]
    public void Won_is_terminal()
    {
        var won = PipelineRules.ApplyAction(Standard, NewLead(), "contract_signed", Monday.AddDays(9)).Progress;

        Assert.Equal(LeadStatus.Won, won.Status);
        Assert.Equal(StageMoveKind.Refused, PipelineRules.Advance(Standard, won, "won", Monday.AddDays(10), "rep").Kind);
        Assert.Equal(StageMoveKind.Refused, PipelineRules.MarkLost(Standard, won, "price", Monday.AddDays(10), "rep").Kind);
    }

    [Fact]
    public void A_lost_lead_keeps_its_stage_and_reason_and_is_reopened_only_by_reactivation()
    {
        var atProposal = PipelineRules.ApplyAction(Standard, NewLead(), "proposal_sent", Monday.AddDays(2)).Progress;
        var lost = PipelineRules.MarkLost(Standard, atProposal, "competitor", Monday.AddDays(5), "rep").Progress;

        Assert.Equal(LeadStatus.Lost, lost.Status);
        Assert.Equal("competitor", lost.LostReason);
        Assert.Equal(new StageTransition("solution-proposed", "lost", Monday.AddDays(5), "rep"), lost.History[^1]);
        Assert.Equal(StageMoveKind.Refused, PipelineRules.ApplyAction(Standard, lost, "quote_requested", Monday.AddDays(6)).Kind);
        Assert.Equal(StageMoveKind.Refused, PipelineRules.Reopen(Standard, lost, Monday.AddDays(6), "rep").Kind);

        var reopened = PipelineRules.Reopen(Standard, lost, Monday.AddDays(100), PipelineRules.ReactivationCause);

        Assert.True(reopened.Moved);
        Assert.Equal(LeadStatus.Open, reopened.Progress.Status);
        Assert.Equal("solution-proposed", reopened.Progress.Stage);
        Assert.Null(reopened.Progress.LostReason);
        Assert.Equal(new StageTransition("lost", "solution-proposed", Monday.AddDays(100), "reactivation"), reopened.Progress.History[^1]);
    }

    [Fact]
    public void A_loss_reason_that_forbids_contact_also_forbids_reactivation()
    {
        var lost = PipelineRules.MarkLost(Standard, NewLead(), "do-not-contact", Monday.AddDays(1), "rep").Progress;

        var reopened = PipelineRules.Reopen(Standard, lost, Monday.AddDays(200), PipelineRules.ReactivationCause);

        Assert.Equal(StageMoveKind.Refused, reopened.Kind);
        Assert.Contains("forbids reactivation", reopened.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_stages_reasons_and_pipelines_are_refused()
    {
        var lead = NewLead();

        Assert.Equal(StageMoveKind.Refused, PipelineRules.Advance(Standard, lead, "moon", Monday, "rep").Kind);
        Assert.Equal(StageMoveKind.Refused, PipelineRules.MarkLost(Standard, lead, "bored", Monday, "rep").Kind);
        var other = lead with { PipelineId = "other" };
        Assert.Contains("not \"b2b-standard\"", PipelineRules.Advance(Standard, other, "won", Monday, "rep").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_no_stage_listens_to_leaves_the_lead_unchanged()
    {
        var move = PipelineRules.ApplyAction(Standard, NewLead(), "email_opened", Monday);

        Assert.Equal(StageMoveKind.Unchanged, move.Kind);
        Assert.Single(move.Progress.History);
    }
}
