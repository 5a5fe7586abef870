using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Azure.Tests.Email;

/// <summary>In-memory ports for the email tests that need no storage (the Azurite-backed log has its own test).</summary>
internal sealed class InMemoryEmailPorts :
    ISuppressionList, IIdempotencyGuard, ISentEmailLog, ILeadStore, IActionStore, IJourneyRunner, IRepStore, IConfigStore
{
    private readonly ConcurrentDictionary<string, string> _suppressed = new();
    private readonly ConcurrentDictionary<string, bool> _ran = new();
    private readonly Dictionary<string, (DateTimeOffset Until, string Token)> _claims = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), SentEmail> _sent = new();
    private readonly ConcurrentDictionary<string, Lead> _leads = new();
    private readonly ConcurrentDictionary<string, List<CustomerAction>> _actions = new();
    private readonly ConcurrentDictionary<string, Rep> _reps = new();
    private readonly List<StoredDocument> _documents = [];

    public List<(string LeadId, JourneyInput Input)> Raised { get; } = [];

    public IReadOnlyDictionary<string, string> Suppressed => _suppressed;

    public IReadOnlyCollection<SentEmail> SentEmails => _sent.Values.ToList();

    public IReadOnlyList<CustomerAction> ActionsOf(string leadId) => [.. _actions.GetValueOrDefault(leadId) ?? []];

    public void AddLead(Lead lead) => _leads[lead.Id] = lead;

    // ISuppressionList
    public int SuppressionLookups => _lookups;

    private int _lookups;

    public Task<bool> IsSuppressedAsync(string email, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return Task.FromResult(_suppressed.ContainsKey(EmailAddress.Normalize(email)));
    }

    public Task SuppressAsync(string email, string reason, CancellationToken cancellationToken)
    {
        _suppressed.TryAdd(EmailAddress.Normalize(email), reason);
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

    // IIdempotencyGuard
    public Task<bool> HasRunAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_ran.ContainsKey(key));

    /// <summary>Keys marked run.</summary>
    public int MarkedRun => _ran.Count;

    /// <summary>Keys marked run or claimed: what a sender kept besides its log.</summary>
    public int GuardEntries => _ran.Count + _claims.Count;

    public Task MarkRunAsync(string key, CancellationToken cancellationToken)
    {
        lock (_claims)
        {
            _ran[key] = true;
            _claims.Remove(key);
        }

        return Task.CompletedTask;
    }

    /// <summary>The clock claims expire on.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public Task<EffectClaim> ClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_claims)
        {
            if (_ran.ContainsKey(key))
            {
                return Task.FromResult(new EffectClaim(key, EffectClaimStatus.AlreadyRun));
            }

            var now = Clock.GetUtcNow();
            var status = EffectClaimStatus.Claimed;
            if (_claims.TryGetValue(key, out var held))
            {
                if (held.Until > now)
                {
                    return Task.FromResult(new EffectClaim(key, EffectClaimStatus.InProgress));
                }

                status = EffectClaimStatus.Abandoned;
            }

            var token = Guid.NewGuid().ToString("N");
            _claims[key] = (now + lease, token);
            return Task.FromResult(new EffectClaim(key, status, token));
        }
    }

    public Task ReleaseAsync(EffectClaim claim, CancellationToken cancellationToken)
    {
        lock (_claims)
        {
            if (_claims.TryGetValue(claim.Key, out var held) && held.Token == claim.Token)
            {
                _claims.Remove(claim.Key);
            }
        }

        return Task.CompletedTask;
    }

    // ISentEmailLog
    public Task<bool> TryRecordAsync(SentEmail email, CancellationToken cancellationToken = default) =>
        Task.FromResult(_sent.TryAdd((email.LeadId, email.StepKey), email));

    public Task<SentEmail?> GetAsync(string leadId, string stepKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(_sent.GetValueOrDefault((leadId, stepKey)));

    public Task<IReadOnlyList<SentEmail>> ListForLeadAsync(string leadId, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SentEmail>>(_sent.Values.Where(e => e.LeadId == leadId).OrderByDescending(e => e.SentAt).ToList());

    public Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(int take = 50, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OutboxEntry>>(_sent.Values.OrderByDescending(e => e.SentAt).Take(take)
            .Select(e => new OutboxEntry(e.LeadId, e.StepKey, e.To, e.Subject, e.SentAt, e.Channel)).ToList());

    public Task<int> DeleteForLeadAsync(string leadId, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    // ILeadStore
    public Task<Lead?> GetAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult(_leads.GetValueOrDefault(leadId));

    public Task<Lead?> UpdateAsync(string leadId, Func<Lead?, Lead?> change, CancellationToken cancellationToken)
    {
        lock (_leads)
        {
            var next = change(_leads.GetValueOrDefault(leadId));
            if (next is not null)
            {
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

    // IActionStore
    public Task<bool> AppendAsync(string leadId, CustomerAction action, CancellationToken cancellationToken)
    {
        var list = _actions.GetOrAdd(leadId, _ => []);
        lock (list)
        {
            if (list.Any(a => a.Id == action.Id))
            {
                return Task.FromResult(false);
            }

            list.Add(action);
            return Task.FromResult(true);
        }
    }

    Task<IReadOnlyList<CustomerAction>> IActionStore.ListAsync(string leadId, CancellationToken cancellationToken) =>
        Task.FromResult(ActionsOf(leadId));

    // IJourneyRunner
    public Task StartAsync(JourneyStarted started, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RaiseAsync(string leadId, JourneyInput input, CancellationToken cancellationToken)
    {
        lock (Raised)
        {
            Raised.Add((leadId, input));
        }

        return Task.CompletedTask;
    }

    public Task<JourneyState?> GetStateAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult<JourneyState?>(null);

    public Task<bool> EraseAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult(false);

    // IRepStore
    Task<IReadOnlyList<Rep>> IRepStore.ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Rep>>(_reps.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList());

    Task<Rep?> IRepStore.GetAsync(string repId, CancellationToken cancellationToken) => Task.FromResult(_reps.GetValueOrDefault(repId));

    public Task UpsertAsync(Rep rep, CancellationToken cancellationToken)
    {
        _reps[rep.Id] = rep;
        return Task.CompletedTask;
    }

    // IConfigStore
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
}
