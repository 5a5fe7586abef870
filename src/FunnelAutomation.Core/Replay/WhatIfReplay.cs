using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Replay;

/// <summary>What a configuration change would have done: the stored history (each lead's submission and customer
/// actions) replayed twice through the Core — scorer, router with one shared <see cref="RoutingState"/>, and the
/// journey decider on a fake clock (timers fire the moment they fall due, between the lead's actions) — once with
/// the active configuration and once with the candidate, compared. Pure: the window is passed in, and nothing is
/// read or written but the histories given to <see cref="Add"/>.</summary>
/// <remarks>Events of all leads run in one time order, so round-robin turns and rep loads see leads in the order
/// they arrived. The replay assumes each owner touches a lead in time (stored history has no rep touches), so
/// no lead is reassigned for a missed SLA; a reopened lead is routed again as live.</remarks>
public sealed class WhatIfReplay
{
    /// <summary>At most this many changed leads are listed by id (all are counted).</summary>
    public const int MaxListedLeads = 5000;

    private const int MaxTimersPerWait = 1000;
    private readonly ReplayConfiguration _baseline;
    private readonly ReplayConfiguration _candidate;
    private readonly DateTimeOffset _from;
    private readonly DateTimeOffset _to;
    private readonly List<PreparedLead> _leads = [];
    private int _actions;

    /// <param name="from">Leads that arrived before this are left out.</param>
    /// <param name="to">Leads that arrived after, and actions after, are left out; timers run up to it.</param>
    public WhatIfReplay(ReplayConfiguration baseline, ReplayConfiguration candidate, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        if (to < from)
        {
            throw new ArgumentException("The replay window ends before it starts.", nameof(to));
        }

        (_baseline, _candidate, _from, _to) = (baseline, candidate, from, to);
    }

    public static IReadOnlyList<string> Assumptions { get; } =
    [
        "each lead starts at its first form submission with its stored (merged) profile, in the pipeline it is stored in",
        "its customer actions (later submissions included) arrive in the order they happened; each rescores the lead first, as live",
        "all leads share one routing state from empty, in arrival order",
        "timers (waits, send windows, win-back) fire the moment they fall due, up to the end of the window",
        "the owner touches each lead in time: no reassignment for a missed SLA (rep touches are not stored history)",
        "suppressions and erasures outside the action log are not replayed",
    ];

    /// <summary>Adds one lead's history; a lead outside the window is skipped (returns false).</summary>
    public bool Add(LeadHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var actions = history.Actions.Where(a => a.OccurredAt <= _to).OrderBy(a => a.OccurredAt).ToArray();
        var creation = actions.Length > 0 && actions[0].Type == CustomerActionTypes.FormSubmitted ? 0 : -1;
        var start = creation == 0 ? actions[0].OccurredAt : history.Lead.CreatedAt;
        if (start < _from || start > _to)
        {
            return false;
        }

        var scoredAtStart = 0;
        while (scoredAtStart < actions.Length && actions[scoredAtStart].OccurredAt <= start)
        {
            scoredAtStart++;
        }

        _leads.Add(new PreparedLead(history.Lead, actions, creation, start, scoredAtStart));
        _actions += actions.Length;
        return true;
    }

    public int Count => _leads.Count;

    public WhatIfReport Run()
    {
        var events = Timeline();
        var baseline = new Replayer(_baseline, _leads, _to).Play(events);
        var candidate = new Replayer(_candidate, _leads, _to).Play(events);
        return Compare(baseline, candidate);
    }

    /// <summary>Every lead's start and actions in one time order (ties: lead, then action order).</summary>
    private ReplayEvent[] Timeline()
    {
        var events = new List<ReplayEvent>(_leads.Count + _actions);
        for (var i = 0; i < _leads.Count; i++)
        {
            var lead = _leads[i];
            events.Add(new ReplayEvent(lead.Start.UtcTicks, i, -1));
            for (var k = 0; k < lead.Actions.Length; k++)
            {
                if (k != lead.Creation)
                {
                    events.Add(new ReplayEvent(Math.Max(lead.Actions[k].OccurredAt.UtcTicks, lead.Start.UtcTicks), i, k));
                }
            }
        }

        var array = events.ToArray();
        Array.Sort(array);
        return array;
    }

    private WhatIfReport Compare(LeadOutcome[] baseline, LeadOutcome[] candidate)
    {
        var gradeMoves = new Dictionary<(string, string), int>();
        var ownerMoves = new Dictionary<(string, string), int>();
        var changedOwners = new List<OwnerChange>();
        var ownersChanged = 0;
        var gradesChanged = 0;
        var emailKeys = new SortedDictionary<(string Sequence, string Step), int[]>();
        var loads = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        int liveOwners = 0, liveGrades = 0, liveStages = 0;
        var examples = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _leads.Count; i++)
        {
            var (b, c, stored) = (baseline[i], candidate[i], _leads[i].Lead);
            if (b.Grade != c.Grade)
            {
                gradesChanged++;
                Increment(gradeMoves, (b.Grade.ToString(), c.Grade.ToString()));
            }

            if (b.Owner != c.Owner)
            {
                ownersChanged++;
                Increment(ownerMoves, (b.Owner, c.Owner));
                changedOwners.Add(new OwnerChange(stored.Id, b.Owner, c.Owner));
            }

            Load(loads, b.Owner, 0, b.Open);
            Load(loads, c.Owner, 1, c.Open);
            CountEmails(emailKeys, b.Emails, c.Emails);

            var differs = false;
            if (OwnerKey(stored.OwnerRepId, stored.AssignmentQueue) != b.Owner)
            {
                liveOwners++;
                differs = true;
            }

            if (stored.Score is { } score && score.Grade != b.Grade)
            {
                liveGrades++;
                differs = true;
            }

            if (stored.Stage is { } stage && (stored.Status == LeadStatus.Lost ? PipelineDefinition.LostStage : stage) != b.StageNow)
            {
                liveStages++;
                differs = true;
            }

            if (differs && (examples.Count < 10 || string.CompareOrdinal(stored.Id, examples.Max) < 0))
            {
                examples.Add(stored.Id);
                if (examples.Count > 10)
                {
                    examples.Remove(examples.Max!);
                }
            }
        }

        changedOwners.Sort((x, y) => string.CompareOrdinal(x.LeadId, y.LeadId));
        return new WhatIfReport(
            _from,
            _to,
            _leads.Count,
            _actions,
            Assumptions,
            new GradeChanges(gradesChanged, Distribution(baseline), Distribution(candidate), Moves(gradeMoves)),
            new OwnerChanges(ownersChanged, Moves(ownerMoves), changedOwners.Take(MaxListedLeads).ToList(), changedOwners.Count <= MaxListedLeads),
            loads.Select(l => new RepLoadChange(l.Key, l.Value[0], l.Value[1], l.Value[2], l.Value[3])).ToList(),
            emailKeys.Select(e => new EmailStepChange(e.Key.Sequence, e.Key.Step, e.Value[0], e.Value[1], e.Value[2], e.Value[3])).ToList(),
            Stages(baseline, candidate),
            new LiveComparison(liveOwners, liveGrades, liveStages, [.. examples]));
    }

    private static void Load(SortedDictionary<string, int[]> loads, string owner, int side, bool open)
    {
        if (!loads.TryGetValue(owner, out var counts))
        {
            loads[owner] = counts = new int[4];
        }

        counts[side]++;
        if (open)
        {
            counts[2 + side]++;
        }
    }

    // Per lead: an email the candidate sends more often than the baseline "would be sent", the reverse "would not".
    private static void CountEmails(SortedDictionary<(string, string), int[]> keys, List<(string, string)> baseline, List<(string, string)> candidate)
    {
        if (baseline.Count == 0 && candidate.Count == 0)
        {
            return;
        }

        var perLead = new Dictionary<(string, string), (int B, int C)>();
        foreach (var key in baseline)
        {
            perLead[key] = perLead.TryGetValue(key, out var n) ? (n.B + 1, n.C) : (1, 0);
        }

        foreach (var key in candidate)
        {
            perLead[key] = perLead.TryGetValue(key, out var n) ? (n.B, n.C + 1) : (0, 1);
        }

        foreach (var (key, (b, c)) in perLead)
        {
            if (!keys.TryGetValue(key, out var counts))
            {
                keys[key] = counts = new int[4];
            }

            counts[0] += b;
            counts[1] += c;
            counts[2] += Math.Max(0, c - b);
            counts[3] += Math.Max(0, b - c);
        }
    }

    private static List<StageChange> Stages(LeadOutcome[] baseline, LeadOutcome[] candidate)
    {
        var rows = new List<StageChange>();
        var pipelines = new SortedSet<string>(baseline.Select(o => o.Pipeline.Id).Concat(candidate.Select(o => o.Pipeline.Id)), StringComparer.Ordinal);
        foreach (var id in pipelines)
        {
            var b = Tally(baseline, id);
            var c = Tally(candidate, id);
            var order = c.Stages.Concat(b.Stages.Where(s => !c.Stages.Contains(s, StringComparer.Ordinal))).Append(PipelineDefinition.LostStage).ToList();
            foreach (var stage in order)
            {
                rows.Add(new StageChange(id, stage, b.Reached.GetValueOrDefault(stage), c.Reached.GetValueOrDefault(stage),
                    b.Now.GetValueOrDefault(stage), c.Now.GetValueOrDefault(stage), b.Conversion(stage), c.Conversion(stage)));
            }
        }

        return rows;
    }

    private static StageTally Tally(LeadOutcome[] outcomes, string pipelineId)
    {
        var pipeline = outcomes.FirstOrDefault(o => o.Pipeline.Id == pipelineId)?.Pipeline;
        var stages = pipeline?.Stages.Select(s => s.Id).ToList() ?? [];
        var reached = new Dictionary<string, int>(StringComparer.Ordinal);
        var now = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var o in outcomes)
        {
            if (o.Pipeline.Id != pipelineId)
            {
                continue;
            }

            for (var s = 0; s <= o.MaxStage && s < stages.Count; s++)
            {
                Increment(reached, stages[s]);
            }

            if (o.StageNow == PipelineDefinition.LostStage)
            {
                Increment(reached, PipelineDefinition.LostStage);
            }

            Increment(now, o.StageNow);
        }

        return new StageTally(stages, reached, now);
    }

    private static Dictionary<string, int> Distribution(LeadOutcome[] outcomes) =>
        outcomes.GroupBy(o => o.Grade).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(), g => g.Count(), StringComparer.Ordinal);

    private static List<CountedMove> Moves(Dictionary<(string From, string To), int> moves) =>
        [.. moves.OrderByDescending(m => m.Value).ThenBy(m => m.Key.From, StringComparer.Ordinal).ThenBy(m => m.Key.To, StringComparer.Ordinal)
            .Select(m => new CountedMove(m.Key.From, m.Key.To, m.Value))];

    private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    internal static string OwnerKey(string? repId, string? queue) => repId ?? (queue is null ? "none" : "queue:" + queue);

    private sealed record StageTally(List<string> Stages, Dictionary<string, int> Reached, Dictionary<string, int> Now)
    {
        public double? Conversion(string stage)
        {
            var i = Stages.IndexOf(stage);
            return i < 0 || i + 1 >= Stages.Count || Reached.GetValueOrDefault(stage) == 0
                ? null
                : Math.Round((double)Reached.GetValueOrDefault(Stages[i + 1]) / Reached[stage], 4);
        }
    }

    private sealed record PreparedLead(Lead Lead, CustomerAction[] Actions, int Creation, DateTimeOffset Start, int ScoredAtStart);

    private readonly record struct ReplayEvent(long Ticks, int Lead, int Action) : IComparable<ReplayEvent>
    {
        public int CompareTo(ReplayEvent other) =>
            Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : Lead != other.Lead ? Lead.CompareTo(other.Lead) : Action.CompareTo(other.Action);
    }

    /// <summary>What one replay made of one lead.</summary>
    private sealed class LeadOutcome(PipelineDefinition pipeline)
    {
        public PipelineDefinition Pipeline { get; } = pipeline;

        public JourneyState? Journey { get; set; }

        public LeadScore? Score { get; set; }

        public string? OwnerRepId { get; set; }

        public string? Queue { get; set; }

        /// <summary>Whether the owner's open-lead count includes this lead.</summary>
        public bool Holds { get; set; }

        public int MaxStage { get; set; }

        public List<(string, string)> Emails { get; } = [];

        public Grade Grade => Score?.Grade ?? Grade.D;

        public string Owner => OwnerKey(OwnerRepId, Queue);

        public bool Open => Journey is null || Journey.Status == LeadStatus.Open;

        public string StageNow => Journey is { Status: LeadStatus.Lost } ? PipelineDefinition.LostStage : Journey?.Stage ?? Pipeline.FirstStage.Id;
    }

    /// <summary>One replay of every lead under one configuration.</summary>
    private sealed class Replayer(ReplayConfiguration config, List<PreparedLead> leads, DateTimeOffset to)
    {
        private readonly LeadOutcome[] _outcomes = new LeadOutcome[leads.Count];
        private readonly Dictionary<string, JourneyContext> _contexts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Rep> _reps = config.Router.Reps.ToDictionary(r => r.Id, StringComparer.Ordinal);
        private readonly Queue<JourneyInput> _inputs = new();
        private RoutingState _routing = RoutingState.Empty;

        public LeadOutcome[] Play(ReplayEvent[] events)
        {
            foreach (var e in events)
            {
                var at = new DateTimeOffset(e.Ticks, TimeSpan.Zero);
                if (e.Action < 0)
                {
                    Start(e.Lead, at);
                }
                else
                {
                    Act(e.Lead, e.Action, at);
                }
            }

            for (var i = 0; i < _outcomes.Length; i++)
            {
                WaitUntil(i, to);
            }

            return _outcomes;
        }

        private void Start(int i, DateTimeOffset at)
        {
            var lead = leads[i];
            var pipeline = config.Pipeline(lead.Lead.PipelineId);
            var o = _outcomes[i] = new LeadOutcome(pipeline);
            var profile = lead.Lead.Profile;
            o.Score = config.Scorer.Score(profile, new ArraySegment<CustomerAction>(lead.Actions, 0, lead.ScoredAtStart), at);
            var decision = config.Router.Route(profile, o.Score, _routing, at);
            _routing = decision.State;
            (o.OwnerRepId, o.Queue, o.Holds) = (decision.RepId, decision.IsAssigned ? null : decision.FallbackQueue, decision.IsAssigned);
            Feed(i, new JourneyStarted(at, lead.Lead.Id, pipeline.Id, pipeline.FirstStage.Id, o.Score.Total, o.Score.Grade,
                profile.Source, decision.RepId, profile.TimeZone, profile.Country));
            if (decision.RepId is { } rep)
            {
                Feed(i, new RepTouched(at, rep));
            }
        }

        private void Act(int i, int k, DateTimeOffset at)
        {
            WaitUntil(i, at);
            var lead = leads[i];
            var o = _outcomes[i];
            o.Score = config.Scorer.Score(lead.Lead.Profile, new ArraySegment<CustomerAction>(lead.Actions, 0, k + 1), at);
            Feed(i, new LeadRescored(at, o.Score.Total, o.Score.Grade));
            Feed(i, new CustomerActed(at, lead.Actions[k]));
        }

        /// <summary>The fake clock: fires the lead's timers due up to <paramref name="until"/>, in order.</summary>
        private void WaitUntil(int i, DateTimeOffset until)
        {
            var o = _outcomes[i];
            DateTimeOffset? last = null;
            for (var n = 0; n < MaxTimersPerWait && o.Journey is { Completed: false } journey && journey.NextWakeAt() is { } wake && wake <= until; n++)
            {
                if (wake < last)
                {
                    break; // a wake in the past that firing did not clear: nothing more will happen
                }

                last = wake;
                Feed(i, new TimerFired(wake));
            }
        }

        private void Feed(int i, JourneyInput input)
        {
            var o = _outcomes[i];
            _inputs.Enqueue(input);
            while (_inputs.TryDequeue(out var next))
            {
                var decision = JourneyDecider.Decide(Context(o.Pipeline), o.Journey, next);
                var wasOpen = o.Open;
                o.Journey = decision.State;
                foreach (var command in decision.Commands)
                {
                    Carry(i, o, command, next.At);
                }

                if (wasOpen && !o.Open && o.Holds)
                {
                    // A won or lost lead no longer counts against its owner's capacity, as live.
                    _routing = _routing.WithLeadReleased(o.OwnerRepId!);
                    o.Holds = false;
                }
            }
        }

        private void Carry(int i, LeadOutcome o, JourneyCommand command, DateTimeOffset at)
        {
            switch (command)
            {
                case SendEmail send:
                    o.Emails.Add((send.SequenceId, send.StepId));
                    break;
                case AdvanceStage advance when o.Pipeline.IndexOf(advance.Stage) is var index and > 0:
                    o.MaxStage = Math.Max(o.MaxStage, index);
                    break;
                case Rescore:
                    var lead = leads[i];
                    o.Score = config.Scorer.Score(lead.Lead.Profile, lead.Actions.Where(a => a.OccurredAt <= at).ToList(), at);
                    _inputs.Enqueue(new LeadRescored(at, o.Score.Total, o.Score.Grade));
                    break;
                case Reassign reassign:
                    Reassign(i, o, reassign, at);
                    break;
            }
        }

        // As the journey's executor does: back to the preferred (former) owner while available, else routed again.
        private void Reassign(int i, LeadOutcome o, Reassign reassign, DateTimeOffset at)
        {
            string? repId;
            string? queue = null;
            if (reassign.PreferredRepId is { } id && _reps.TryGetValue(id, out var preferred) && preferred.IsAvailableAt(at) && !reassign.ExcludedRepIds.Contains(id))
            {
                var load = _routing.LoadOf(id);
                _routing = _routing.WithLoad(id, new RepLoad(load.OpenLeads + 1, load.NewLeadsToday + 1));
                repId = id;
            }
            else
            {
                var excluded = new HashSet<string>(reassign.ExcludedRepIds, StringComparer.Ordinal);
                var decision = config.Router.Route(leads[i].Lead.Profile, o.Score!, _routing, at, excluded);
                _routing = decision.State;
                (repId, queue) = (decision.RepId, decision.IsAssigned ? null : decision.FallbackQueue);
            }

            if (o.Holds && o.OwnerRepId is { } previous && previous != repId)
            {
                _routing = _routing.WithLeadReleased(previous);
            }

            (o.OwnerRepId, o.Queue, o.Holds) = (repId, queue, repId is not null);
            if (repId is not null)
            {
                _inputs.Enqueue(new LeadAssigned(at, repId));
                _inputs.Enqueue(new RepTouched(at, repId));
            }
        }

        private JourneyContext Context(PipelineDefinition pipeline)
        {
            if (!_contexts.TryGetValue(pipeline.Id, out var context))
            {
                _contexts[pipeline.Id] = context = new JourneyContext(pipeline, config.Sequences, config.Settings);
            }

            return context;
        }
    }
}
