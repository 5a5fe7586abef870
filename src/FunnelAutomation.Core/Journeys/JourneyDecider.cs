using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;

namespace FunnelAutomation.Core.Journeys;

/// <summary>The lead journey as a decider: <c>(state, input) → (state', commands)</c>. Pure and
/// deterministic; both hosts (Durable Functions and the local runner) feed it inputs and carry out its
/// commands, each of which has an idempotency key derived from the journey's own facts.</summary>
public static class JourneyDecider
{
    public static JourneyDecision Decide(JourneyContext context, JourneyState? state, JourneyInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        if (state is null)
        {
            if (input is not JourneyStarted started)
            {
                throw new InvalidOperationException($"A journey begins with {nameof(JourneyStarted)}, not {input.GetType().Name}.");
            }

            return new JourneyRun(context, Initial(context, started), input.At).Start(started);
        }

        if (state.Completed || input is JourneyStarted)
        {
            // A finished journey, or a redelivered start, changes nothing.
            return new JourneyDecision(state, []);
        }

        return new JourneyRun(context, state, input.At).Handle(input);
    }

    private static JourneyState Initial(JourneyContext context, JourneyStarted started)
    {
        var stage = context.Pipeline.FindStage(started.Stage);
        return new JourneyState
        {
            LeadId = started.LeadId,
            PipelineId = started.PipelineId,
            Stage = started.Stage,
            Status = stage is { Won: true } ? LeadStatus.Won : LeadStatus.Open,
            Score = started.Score,
            Grade = started.Grade,
            Source = started.Source,
            TimeZone = LeadTimeZones.Resolve(started.TimeZone, started.Country, context.Settings.DefaultTimeZone),
        };
    }

    /// <summary>One decision in progress: the state being rewritten and the commands collected.</summary>
    private sealed class JourneyRun(JourneyContext context, JourneyState state, DateTimeOffset now)
    {
        private const int MaxRemembered = 64;
        private readonly List<JourneyCommand> _commands = [];
        private readonly DateTimeOffset? _wakeBefore = state.NextWakeAt();
        private JourneyState _state = state;

        private string Lead => _state.LeadId;

        private JourneySettings Settings => context.Settings;

        public JourneyDecision Start(JourneyStarted started)
        {
            if (_state.Status == LeadStatus.Won)
            {
                return Finish(forceWake: false, completeReason: "won");
            }

            if (started.OwnerRepId is { } owner)
            {
                Assign(owner);
            }

            EnrollForStage(_state.Stage, atStart: true);
            RunEnrollment();
            return Finish(forceWake: true);
        }

        public JourneyDecision Handle(JourneyInput input)
        {
            switch (input)
            {
                case TimerFired:
                    CheckSla();
                    CheckReactivation();
                    break;
                case CustomerActed acted:
                    if (!Remember(acted.Action.Id))
                    {
                        return new JourneyDecision(_state, []);
                    }

                    var outcome = OnCustomerAction(acted.Action);
                    if (outcome is not null)
                    {
                        return Finish(forceWake: false, completeReason: outcome);
                    }

                    break;
                case RepTouched touched when touched.RepId == _state.OwnerRepId:
                    _state = _state with { SlaDueAt = null };
                    break;
                case LeadAssigned assigned when _state.Status == LeadStatus.Open:
                    Assign(assigned.RepId);
                    break;
                case LeadRescored rescored:
                    _state = _state with { Score = rescored.Score, Grade = rescored.Grade };
                    break;
                case EnrollmentMigrated migrated:
                    Migrate(migrated);
                    break;
            }

            RunEnrollment();
            return Finish(forceWake: input is TimerFired);
        }

        // ---- assignment and SLA -------------------------------------------------------------------

        private void Assign(string repId)
        {
            var n = _state.Assignments + 1;
            _state = _state with
            {
                FormerOwnerRepId = _state.OwnerRepId ?? _state.FormerOwnerRepId,
                OwnerRepId = repId,
                Assignments = n,
                SlaDueAt = now + Settings.RepSla,
            };
            Emit(new NotifyRep($"{Lead}:assign:{n}:notify", Lead, repId,
                $"A lead was assigned to you; please make contact within {Describe(Settings.RepSla)}."));
        }

        private void CheckSla()
        {
            if (_state.SlaDueAt is not { } due || due > now || _state.OwnerRepId is not { } missed || _state.Status != LeadStatus.Open)
            {
                return;
            }

            var excluded = _state.SlaMissedBy.Contains(missed, StringComparer.Ordinal)
                ? _state.SlaMissedBy
                : [.. _state.SlaMissedBy, missed];
            var n = _state.Assignments;
            Emit(new NotifyManager($"{Lead}:assign:{n}:sla-missed", Lead, missed,
                $"Rep {missed} did not touch the lead within {Describe(Settings.RepSla)}; it is being reassigned."));
            Emit(new Reassign($"{Lead}:assign:{n}:reassign", Lead, null, excluded,
                $"rep {missed} missed the {Describe(Settings.RepSla)} SLA"));
            _state = _state with { SlaDueAt = null, SlaMissedBy = excluded };
        }

        // ---- customer actions ---------------------------------------------------------------------

        /// <summary>Applies an action; returns a completion reason when the journey ends here.</summary>
        private string? OnCustomerAction(CustomerAction action)
        {
            var type = action.Type;
            switch (type)
            {
                case CustomerActionTypes.Unsubscribed or CustomerActionTypes.EmailBounced or CustomerActionTypes.SpamReported:
                    _state = _state with { Suppressed = true, ReactivateAt = null };
                    ExitEnrollment(type);
                    break;
                case CustomerActionTypes.EmailClicked when _state.Enrollment is { } e:
                    _state = _state with { Enrollment = e with { Clicked = true } };
                    break;
                case CustomerActionTypes.PageVisited when _state.Enrollment is { } e && action.Url is { } url:
                    var visits = e.Visits.Count >= MaxRemembered ? e.Visits.Skip(1).Append(url).ToArray() : [.. e.Visits, url];
                    _state = _state with { Enrollment = e with { Visits = visits } };
                    break;
            }

            if (_state.Enrollment is { } current && Definition(current) is { } sequence
                && sequence.Exit.OnActions.Contains(type, StringComparer.Ordinal))
            {
                ExitEnrollment(type);
            }

            if (_state.Status == LeadStatus.Lost)
            {
                return TryReopen(action);
            }

            if (type == CustomerActionTypes.DealLost)
            {
                return Lose(action.Reason ?? "unspecified");
            }

            return AutoAdvance(type);
        }

        private string? AutoAdvance(string actionType)
        {
            var progress = new PipelineProgress(_state.PipelineId, _state.Stage, _state.Status, _state.LostReason, []);
            var move = PipelineRules.ApplyAction(context.Pipeline, progress, actionType, now);
            if (!move.Moved)
            {
                return null;
            }

            var stage = move.Progress.Stage;
            _state = _state with { Stage = stage, Status = move.Progress.Status };
            Emit(new AdvanceStage($"{Lead}:stage:{stage}", Lead, stage, actionType, now));
            if (_state.Status == LeadStatus.Won)
            {
                ExitEnrollment("won");
                _state = _state with { SlaDueAt = null };
                return "won";
            }

            if (_state.Enrollment is { } current && Definition(current)?.Exit.StageReached is { } exitStage && Reached(exitStage))
            {
                ExitEnrollment($"reached stage {exitStage}");
            }

            EnrollForStage(stage, atStart: false);
            return null;
        }

        private string? Lose(string reason)
        {
            Emit(new MarkLost($"{Lead}:lost:{now.UtcTicks}", Lead, reason, now));
            ExitEnrollment("lost");
            var winBack = WinBackSequence();
            var allowed = context.Pipeline.FindLostReason(reason) is not { AllowsReactivation: false };
            var reactivateAt = winBack is not null && allowed && !_state.Suppressed
                ? now + TimeSpan.FromDays(winBack.Enrollment.LostForDays!.Value)
                : (DateTimeOffset?)null;
            _state = _state with
            {
                Status = LeadStatus.Lost,
                LostReason = reason,
                LostAt = now,
                SlaDueAt = null,
                ReactivateAt = reactivateAt,
            };
            return reactivateAt is null ? "lost, no reactivation" : null;
        }

        // ---- reactivation -------------------------------------------------------------------------

        private void CheckReactivation()
        {
            if (_state.ReactivateAt is not { } due || due > now || _state.Status != LeadStatus.Lost || _state.Suppressed)
            {
                return;
            }

            _state = _state with { ReactivateAt = null };
            if (WinBackSequence() is { } winBack)
            {
                Emit(new Rescore($"{Lead}:lost:{_state.LostAt?.UtcTicks}:rescore", Lead));
                StartEnrollment(winBack);
            }
        }

        private string? TryReopen(CustomerAction action)
        {
            var inWinBack = _state.Enrollment is { } e && Definition(e) is { IsWinBack: true };
            var engaged = action.Type is CustomerActionTypes.EmailClicked or CustomerActionTypes.Replied
                || (action.Type == CustomerActionTypes.PageVisited && Common.Wildcard.IsMatch(Settings.ReopenOnVisit, action.Url));
            if (!inWinBack || !engaged)
            {
                return null;
            }

            var n = _state.Reopens + 1;
            Emit(new ReopenLead($"{Lead}:reopen:{n}", Lead, now));
            ExitEnrollment("reopened");
            Emit(new Reassign($"{Lead}:reopen:{n}:assign", Lead, _state.OwnerRepId, [], $"reopened by {action.Type}"));
            _state = _state with { Status = LeadStatus.Open, LostReason = null, LostAt = null, Reopens = n };
            return null;
        }

        private Nurture.SequenceDefinition? WinBackSequence()
        {
            foreach (var sequence in context.Sequences.Active)
            {
                if (sequence.IsWinBack && Matches(sequence.Enrollment, stage: null, atStart: false))
                {
                    return sequence;
                }
            }

            return null;
        }

        // ---- enrollments --------------------------------------------------------------------------

        private void EnrollForStage(string stage, bool atStart)
        {
            if (_state.Suppressed)
            {
                return;
            }

            foreach (var sequence in context.Sequences.Active)
            {
                if (!sequence.IsWinBack && !_state.PastSequences.Contains(sequence.Id, StringComparer.Ordinal)
                    && Matches(sequence.Enrollment, stage, atStart))
                {
                    ExitEnrollment($"entered stage {stage}");
                    StartEnrollment(sequence);
                    return;
                }
            }
        }

        private bool Matches(Nurture.EnrollmentCriteria criteria, string? stage, bool atStart)
        {
            if (criteria.Pipeline is { } pipeline && pipeline != _state.PipelineId)
            {
                return false;
            }

            if (criteria.MinGrade is { } minGrade && _state.Grade > minGrade)
            {
                return false;
            }

            if (criteria.Sources.Count > 0 && !criteria.Sources.Contains(_state.Source, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }

            if (criteria.LostForDays is not null)
            {
                return stage is null;
            }

            return criteria.StageEntered is null ? atStart : criteria.StageEntered == stage;
        }

        private void StartEnrollment(Nurture.SequenceDefinition sequence)
        {
            var count = _state.EnrollmentCount + 1;
            var id = $"{sequence.Id}-v{sequence.Version}-{count}";
            _state = _state with
            {
                EnrollmentCount = count,
                PastSequences = _state.PastSequences.Contains(sequence.Id, StringComparer.Ordinal)
                    ? _state.PastSequences
                    : [.. _state.PastSequences, sequence.Id],
                Enrollment = new Enrollment
                {
                    EnrollmentId = id,
                    SequenceId = sequence.Id,
                    Version = sequence.Version,
                    EnrolledAt = now,
                    NextStepAt = now,
                },
            };
            Emit(new Enroll($"{Lead}:enroll:{id}", Lead, id, sequence.Id, sequence.Version));
        }

        private void ExitEnrollment(string reason)
        {
            if (_state.Enrollment is not { } e)
            {
                return;
            }

            Emit(new ExitSequence($"{Lead}:exit:{e.EnrollmentId}", Lead, e.EnrollmentId, e.SequenceId, reason));
            _state = _state with { Enrollment = null };
        }

        private void Migrate(EnrollmentMigrated migrated)
        {
            if (_state.Enrollment is not { } e || e.SequenceId != migrated.SequenceId || e.Version == migrated.ToVersion)
            {
                return;
            }

            var from = Definition(e);
            var to = context.Sequences.Find(migrated.SequenceId, migrated.ToVersion);
            if (from is null || to is null)
            {
                return;
            }

            // Continue at the same step id in the new version; finished or removed steps leave the lead where it is.
            var index = e.StepIndex < from.Steps.Count ? to.IndexOf(from.Steps[e.StepIndex].Id) : -1;
            if (index >= 0)
            {
                _state = _state with { Enrollment = e with { Version = to.Version, StepIndex = index } };
            }
        }

        private void RunEnrollment()
        {
            var zone = LeadTimeZones.Find(_state.TimeZone);
            while (_state.Enrollment is { } e && e.NextStepAt <= now)
            {
                var sequence = Definition(e);
                if (sequence is null)
                {
                    ExitEnrollment($"sequence {e.SequenceId} v{e.Version} is no longer stored");
                    return;
                }

                if (e.StepIndex >= sequence.Steps.Count)
                {
                    ExitEnrollment("completed");
                    return;
                }

                var step = sequence.Steps[e.StepIndex];
                var next = e.StepIndex + 1;
                var nextAt = now;
                switch (step)
                {
                    case Nurture.EmailStep email:
                        if (_state.Suppressed)
                        {
                            ExitEnrollment("suppressed");
                            return;
                        }

                        // An immediate email (a welcome at signup) skips the send window and stays out of the nurture
                        // cap; only windowed mail is held and counted.
                        var windowed = email.Timing == Nurture.EmailTiming.Windowed;
                        var slot = windowed ? SendWindow.NextSendSlot(now, zone, Settings, _state.EmailsSentAt) : new SendSlot(now, null);
                        if (slot.At > now)
                        {
                            _state = _state with { Enrollment = e with { NextStepAt = slot.At } };
                            Emit(new EmailDeferred($"{Lead}:{e.EnrollmentId}:{step.Id}:deferred:{slot.At.UtcTicks}", Lead, e.EnrollmentId, e.SequenceId,
                                step.Id, now, slot.At, slot.Reason ?? "held by the send window"));
                            return;
                        }

                        Emit(Send(e, email));
                        if (windowed)
                        {
                            var sent = _state.EmailsSentAt.Count >= 16 ? _state.EmailsSentAt.Skip(1).Append(now).ToArray() : [.. _state.EmailsSentAt, now];
                            _state = _state with { EmailsSentAt = sent };
                        }

                        break;
                    case Nurture.WaitStep wait:
                        nextAt = wait.Duration() is { } length
                            ? now + length
                            : SendWindow.AddBusinessDays(now, wait.BusinessDays!.Value, zone, Settings);
                        break;
                    case Nurture.BranchStep branch:
                        var target = Holds(branch.Condition, e) ? branch.Then : branch.Else;
                        next = target is null ? next : target == "end" ? sequence.Steps.Count : sequence.IndexOf(target);
                        break;
                    case Nurture.NotifyRepStep notify when _state.OwnerRepId is { } owner:
                        Emit(new NotifyRep($"{Lead}:{e.EnrollmentId}:{step.Id}", Lead, owner, notify.Message));
                        break;
                    case Nurture.TaskStep task when _state.OwnerRepId is { } owner:
                        Emit(new CreateTask($"{Lead}:{e.EnrollmentId}:{step.Id}", Lead, owner, task.Title, now.AddHours(task.DueInHours)));
                        break;
                }

                _state = _state with { Enrollment = (_state.Enrollment ?? e) with { StepIndex = next, NextStepAt = nextAt } };
            }
        }

        // The key does not name the variant: one email per lead and step, whichever variant it is.
        private SendEmail Send(Enrollment e, Nurture.EmailStep email)
        {
            var send = new SendEmail($"{Lead}:{e.EnrollmentId}:{email.Id}", Lead, e.EnrollmentId, e.SequenceId, e.Version, email.Id,
                email.TemplateId, email.TemplateData, email.Subject, email.Body);
            return email.HasVariants ? send.WithVariant(Nurture.VariantChooser.Choose(Lead, e.SequenceId, email.Id, email.Variants)) : send;
        }

        private bool Holds(Nurture.BranchCondition condition, Enrollment enrollment)
        {
            if (condition.Clicked is { } clicked && enrollment.Clicked != clicked)
            {
                return false;
            }

            if (condition.Visited is { } pattern)
            {
                var visits = 0;
                foreach (var url in enrollment.Visits)
                {
                    if (Common.Wildcard.IsMatch(pattern, url))
                    {
                        visits++;
                    }
                }

                if (visits < (condition.MinVisits ?? 1))
                {
                    return false;
                }
            }

            if (condition.ScoreAtLeast is { } minimum && _state.Score < minimum)
            {
                return false;
            }

            return condition.StageReached is not { } stage || Reached(stage);
        }

        private bool Reached(string stage)
        {
            var target = context.Pipeline.IndexOf(stage);
            return target >= 0 && context.Pipeline.IndexOf(_state.Stage) >= target;
        }

        private Nurture.SequenceDefinition? Definition(Enrollment e) => context.Sequences.Find(e.SequenceId, e.Version);

        // ---- bookkeeping --------------------------------------------------------------------------

        private bool Remember(string actionId)
        {
            if (_state.SeenActionIds.Contains(actionId, StringComparer.Ordinal))
            {
                return false;
            }

            var seen = _state.SeenActionIds.Count >= MaxRemembered
                ? _state.SeenActionIds.Skip(1).Append(actionId).ToArray()
                : [.. _state.SeenActionIds, actionId];
            _state = _state with { SeenActionIds = seen };
            return true;
        }

        private void Emit(JourneyCommand command) => _commands.Add(command);

        private JourneyDecision Finish(bool forceWake, string? completeReason = null)
        {
            if (completeReason is not null)
            {
                _state = _state with { Completed = true, SlaDueAt = null, Enrollment = null };
                Emit(new Complete($"{Lead}:complete", Lead, completeReason));
                return new JourneyDecision(_state, _commands);
            }

            var wake = _state.NextWakeAt();
            if (wake is { } at && (forceWake || wake != _wakeBefore))
            {
                Emit(new WakeAt($"{Lead}:wake:{at.UtcTicks}", Lead, at));
            }

            return new JourneyDecision(_state, _commands);
        }

        private static string Describe(TimeSpan span) =>
            span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours)
                ? $"{span.TotalHours:0} hour{(span.TotalHours == 1 ? string.Empty : "s")}"
                : $"{span.TotalMinutes:0} minutes";
    }
}
