using FunnelAutomation.Azure.Actions;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Azure.Leads;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Azure.Privacy;

/// <summary>GDPR erasure of one person across every store, in one call.</summary>
public sealed class PersonalDataEraser
{
    public const string ErasureReason = "erased";

    private readonly ILeadRepository _leads;
    private readonly CustomerActionLog _actions;
    private readonly ISentEmailLog _emails;
    private readonly Application.Ports.IJourneyRunner _journeys;
    private readonly SuppressionList _suppressions;
    private readonly TimeProvider _time;
    private readonly Idempotency.IdempotencyStore? _effects;
    private readonly Timeline.LeadEventLog? _events;

    public PersonalDataEraser(
        ILeadRepository leads,
        CustomerActionLog actions,
        ISentEmailLog emails,
        Application.Ports.IJourneyRunner journeys,
        SuppressionList suppressions,
        TimeProvider time,
        Idempotency.IdempotencyStore? effects = null,
        Timeline.LeadEventLog? events = null)
    {
        _effects = effects;
        _events = events;
        _leads = leads ?? throw new ArgumentNullException(nameof(leads));
        _actions = actions ?? throw new ArgumentNullException(nameof(actions));
        _emails = emails ?? throw new ArgumentNullException(nameof(emails));
        _journeys = journeys ?? throw new ArgumentNullException(nameof(journeys));
        _suppressions = suppressions ?? throw new ArgumentNullException(nameof(suppressions));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Suppresses the email first (so a crash half-way can never lead to another mail), then
    /// deletes sent emails, actions, the journey and the lead. Safe to repeat: every step is idempotent.</summary>
    public async Task<ErasureReport> ErasePersonAsync(string email, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var leadId = LeadId.ForEmail(email);
        await _suppressions.SuppressAsync(email, ErasureReason, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var emails = await _emails.DeleteForLeadAsync(leadId, cancellationToken).ConfigureAwait(false);
        var actions = await _actions.DeleteAllAsync(leadId, cancellationToken).ConfigureAwait(false);
        var journey = await _journeys.EraseAsync(leadId, cancellationToken).ConfigureAwait(false);
        if (_events is not null)
        {
            await _events.DeleteForLeadAsync(leadId, cancellationToken).ConfigureAwait(false);
        }
        if (_effects is not null)
        {
            await _effects.DeleteByPrefixesAsync([leadId + ":", Email.EmailSendGuard.GuardKey(leadId + ":")], cancellationToken).ConfigureAwait(false);
        }

        var lead = await _leads.DeleteAsync(leadId, cancellationToken).ConfigureAwait(false);
        return new ErasureReport(leadId, lead, actions, emails, journey);
    }
}

/// <summary>What an erasure removed.</summary>
public sealed record ErasureReport(string LeadId, bool LeadDeleted, int ActionsDeleted, int EmailsDeleted, bool JourneyDeleted);
