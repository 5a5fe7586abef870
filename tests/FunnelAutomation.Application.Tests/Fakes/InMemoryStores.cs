using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Application.Tests.Fakes;

/// <summary>In-memory ports for fast use-case tests; the Azure adapters have their own Azurite tests.</summary>
internal sealed class InMemoryStores :
    ILeadStore, IRepStore, IRoutingStateStore, IConfigStore, IActionStore, IIdempotencyGuard, ISuppressionList, IEmailSender, IJourneyRunner, ILeadEventLog
{
    private readonly ConcurrentDictionary<(string LeadId, string Key), LeadEvent> _events = new();
    private readonly ConcurrentDictionary<string, Lead> _leads = new();
    private readonly ConcurrentDictionary<string, Rep> _reps = new();
    private readonly List<StoredDocument> _documents = [];
    private readonly ConcurrentDictionary<string, List<CustomerAction>> _actions = new();
    private readonly ConcurrentDictionary<string, bool> _ran = new();
    private readonly ConcurrentDictionary<string, string> _suppressed = new();
    private RoutingState _routing = RoutingState.Empty;

    public List<OutgoingEmail> Sent { get; } = [];

    public List<JourneyStarted> Started { get; } = [];

    public List<(string LeadId, JourneyInput Input)> Raised { get; } = [];

    /// <summary>How many times a lead was read by id.</summary>
    public int LeadReads => _leadReads;

    private int _leadReads;

    public Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _leadReads);
        return Task.FromResult(_leads.GetValueOrDefault(leadId));
    }

    /// <summary>Lead id -> how many times the lead store wrote it (a change that returns nothing writes nothing).</summary>
    public ConcurrentDictionary<string, int> LeadWrites { get; } = new();

    /// <summary>Awaited before every action append: lets a test hold two submissions after their reads of the log.</summary>
    public Func<Task>? BeforeAppend { get; set; }

    public Task<Lead?> UpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken)
    {
        lock (_leads)
        {
            var next = change(_leads.GetValueOrDefault(leadId));
            if (next is not null)
            {
                LeadWrites.AddOrUpdate(leadId, 1, (_, n) => n + 1);
                _leads[leadId] = next;
            }

            return Task.FromResult(next ?? _leads.GetValueOrDefault(leadId));
        }
    }

    public Task<IReadOnlyList<Lead>> ListByOwnerAsync(string repId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Lead>>(_leads.Values.Where(l => l.OwnerRepId == repId).ToList());

    public async IAsyncEnumerable<Lead> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var lead in _leads.Values)
        {
            await Task.Yield();
            yield return lead;
        }
    }

    Task<IReadOnlyList<Rep>> IRepStore.ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Rep>>(_reps.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList());

    Task<Rep?> IRepStore.GetAsync(string repId, CancellationToken cancellationToken) => Task.FromResult(_reps.GetValueOrDefault(repId));

    public Task UpsertAsync(Rep rep, CancellationToken cancellationToken)
    {
        _reps[rep.Id] = rep;
        return Task.CompletedTask;
    }

    public Task<T> UpdateAsync<T>(Func<RoutingState, (RoutingState State, T Result)> decide, CancellationToken cancellationToken)
    {
        lock (this)
        {
            var (state, result) = decide(_routing);
            _routing = state;
            return Task.FromResult(result);
        }
    }

    public RoutingState Routing => _routing;

    public Task<int> SaveAndActivateAsync(string kind, string id, string json, CancellationToken cancellationToken)
    {
        lock (_documents)
        {
            var version = _documents.Count(d => d.Kind == kind && d.Id == id) + 1;
            _documents.Add(new StoredDocument(kind, id, version, json, DateTimeOffset.UnixEpoch));
            return Task.FromResult(version);
        }
    }

    public Task<IReadOnlyList<StoredDocument>> ListActiveAsync(string kind, CancellationToken cancellationToken)
    {
        lock (_documents)
        {
            return Task.FromResult<IReadOnlyList<StoredDocument>>(_documents.Where(d => d.Kind == kind)
                .GroupBy(d => d.Id).Select(g => g.MaxBy(d => d.Version)!).ToList());
        }
    }

    public Task<IReadOnlyList<StoredDocument>> ListAllVersionsAsync(string kind, CancellationToken cancellationToken)
    {
        lock (_documents)
        {
            return Task.FromResult<IReadOnlyList<StoredDocument>>(_documents.Where(d => d.Kind == kind).ToList());
        }
    }

    public async Task<bool> AppendAsync(string leadId, CustomerAction action, CancellationToken cancellationToken)
    {
        if (BeforeAppend is { } hold)
        {
            await hold().ConfigureAwait(false);
        }

        var list = _actions.GetOrAdd(leadId, _ => []);
        lock (list)
        {
            if (list.Any(a => a.Id == action.Id))
            {
                return false;
            }

            list.Add(action);
            return true;
        }
    }

    /// <summary>Reads of each lead's action log.</summary>
    public ConcurrentDictionary<string, int> ActionReads { get; } = new();

    Task<IReadOnlyList<CustomerAction>> IActionStore.ListAsync(string leadId, CancellationToken cancellationToken)
    {
        ActionReads.AddOrUpdate(leadId, 1, (_, n) => n + 1);
        return Task.FromResult<IReadOnlyList<CustomerAction>>([.. _actions.GetValueOrDefault(leadId) ?? []]);
    }

    public Task<bool> HasRunAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_ran.ContainsKey(key));

    public Task MarkRunAsync(string key, CancellationToken cancellationToken)
    {
        _ran[key] = true;
        return Task.CompletedTask;
    }

    // Only the SendGrid sender claims effects (tested with the Azure adapters); no application service does.
    public Task<EffectClaim> ClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Application services do not claim effects.");

    public Task ReleaseAsync(EffectClaim claim, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Application services do not claim effects.");

    public Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken) =>
        Task.FromResult(_suppressed.ContainsKey(EmailAddress.Normalize(email)));

    public Task SuppressAsync(string email, string reason, CancellationToken cancellationToken)
    {
        _suppressed[EmailAddress.Normalize(email)] = reason;
        return Task.CompletedTask;
    }

    public Task<bool?> LiftErasureAsync(string email, CancellationToken cancellationToken)
    {
        var key = EmailAddress.Normalize(email);
        if (_suppressed.TryGetValue(key, out var reason) && reason == "erased")
        {
            _suppressed.TryRemove(key, out _);
        }

        return Task.FromResult<bool?>(_suppressed.ContainsKey(key));
    }

    /// <summary>When set, the next send answers this (nothing is sent) and the setting clears.</summary>
    public EmailSendResult? NextSendResult { get; set; }

    public Task<EmailSendResult> SendAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        if (NextSendResult is { } scripted)
        {
            NextSendResult = null;
            return Task.FromResult(scripted);
        }

        if (email.KnownSuppressed ?? _suppressed.ContainsKey(EmailAddress.Normalize(email.To)))
        {
            return Task.FromResult(new EmailSendResult(true, null, Suppressed: true)); // as the real senders' guard answers
        }

        lock (Sent)
        {
            // A key is mailed once, as the real senders' guard does.
            if (Sent.FindIndex(e => e.IdempotencyKey == email.IdempotencyKey) is >= 0 and var earlier)
            {
                return Task.FromResult(new EmailSendResult(true, "msg-" + (earlier + 1), SentBefore: true));
            }

            Sent.Add(email);
            return Task.FromResult(new EmailSendResult(true, "msg-" + Sent.Count));
        }
    }

    /// <summary>The created lead each start was given (null for the start of a lead that existed).</summary>
    public List<CreatedLead?> StartedWith { get; } = [];

    public Task StartAsync(JourneyStarted started, CancellationToken cancellationToken) => Record(started, null);

    public Task StartAsync(JourneyStarted started, CreatedLead created, CancellationToken cancellationToken) => Record(started, created);

    private Task Record(JourneyStarted started, CreatedLead? created)
    {
        lock (Started)
        {
            Started.Add(started);
            StartedWith.Add(created);
        }

        return Task.CompletedTask;
    }

    /// <summary>Set to make the next raise fail, as a crash between the action log and the journey would.</summary>
    public Exception? FailNextRaise { get; set; }

    public Task RaiseAsync(string leadId, JourneyInput input, CancellationToken cancellationToken)
    {
        if (FailNextRaise is { } failure)
        {
            FailNextRaise = null;
            throw failure;
        }

        Raised.Add((leadId, input));
        return Task.CompletedTask;
    }

    public Task<JourneyState?> GetStateAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult<JourneyState?>(null);

    public Task<bool> EraseAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task AppendAsync(LeadEvent leadEvent, CancellationToken cancellationToken)
    {
        _events.TryAdd((leadEvent.LeadId, leadEvent.Key), leadEvent);
        return Task.CompletedTask;
    }

    Task<IReadOnlyList<LeadEvent>> ILeadEventLog.ListAsync(string leadId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LeadEvent>>(_events.Values.Where(e => e.LeadId == leadId).OrderBy(e => e.At).ToList());
}
