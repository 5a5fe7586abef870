namespace FunnelAutomation.Core.Replay;

/// <summary>What a configuration change would have done to the stored history: the baseline replay (active
/// configuration) and the candidate replay side by side, and how the baseline compares with live state.</summary>
public sealed record WhatIfReport(
    DateTimeOffset From,
    DateTimeOffset To,
    int Leads,
    int Actions,
    IReadOnlyList<string> Assumptions,
    GradeChanges Grades,
    OwnerChanges Owners,
    IReadOnlyList<RepLoadChange> RepLoads,
    IReadOnlyList<EmailStepChange> Emails,
    IReadOnlyList<StageChange> Stages,
    LiveComparison Live);

/// <param name="Baseline">Leads per final grade, active configuration.</param>
/// <param name="Candidate">Leads per final grade, candidate configuration.</param>
/// <param name="Moves">"B→A" and how many leads made that move (only moves, sorted).</param>
public sealed record GradeChanges(int Changed, IReadOnlyDictionary<string, int> Baseline, IReadOnlyDictionary<string, int> Candidate, IReadOnlyList<CountedMove> Moves);

public sealed record CountedMove(string From, string To, int Count);

/// <param name="Changed">Leads whose owner (rep, or fallback queue) differs.</param>
/// <param name="Leads">Those leads (the first <see cref="WhatIfReplay.MaxListedLeads"/>), ordered by lead id.</param>
/// <param name="Listed">False when more leads changed than are listed.</param>
public sealed record OwnerChanges(int Changed, IReadOnlyList<CountedMove> Moves, IReadOnlyList<OwnerChange> Leads, bool Listed);

/// <param name="From">Owner in the baseline replay: a rep id, or "queue:name" for a fallback queue.</param>
public sealed record OwnerChange(string LeadId, string From, string To);

/// <param name="Assigned">Leads the rep (or queue) owns at the end of the replay.</param>
/// <param name="Open">Of those, the ones still open.</param>
public sealed record RepLoadChange(string Owner, int BaselineAssigned, int CandidateAssigned, int BaselineOpen, int CandidateOpen);

/// <param name="WouldBeSent">Emails the candidate sends that the baseline does not (counted per lead).</param>
/// <param name="WouldNotBeSent">Emails the baseline sends that the candidate does not.</param>
public sealed record EmailStepChange(string SequenceId, string StepId, int Baseline, int Candidate, int WouldBeSent, int WouldNotBeSent);

/// <param name="BaselineReached">Leads that entered the stage or a later one (a skip passes through).</param>
/// <param name="BaselineNow">Leads in the stage at the end of the replay.</param>
/// <param name="BaselineConversion">Reached the next stage / reached this one (null for the last stage or none reached).</param>
public sealed record StageChange(
    string PipelineId,
    string Stage,
    int BaselineReached,
    int CandidateReached,
    int BaselineNow,
    int CandidateNow,
    double? BaselineConversion,
    double? CandidateConversion);

/// <summary>How the baseline replay compares with what is stored: where they differ, the replay's assumptions (or
/// history it cannot see) differ from what ran live.</summary>
/// <param name="Examples">Up to ten lead ids that differ.</param>
public sealed record LiveComparison(int OwnersDiffer, int GradesDiffer, int StagesDiffer, IReadOnlyList<string> Examples);
