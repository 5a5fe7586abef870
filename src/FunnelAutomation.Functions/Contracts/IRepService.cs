using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Functions.Contracts;

// Stand-in for the Application layer's RepService; nothing registers it yet.

/// <summary>Sales reps: the roster, each rep's leads, and rep touches that stop the SLA clock.</summary>
public interface IRepService
{
    Task<IReadOnlyList<Rep>> ListAsync(CancellationToken cancellationToken);

    Task<Rep?> GetAsync(string repId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces a rep; a failure names every invalid field.</summary>
    Task<Result<Rep>> UpsertAsync(Rep rep, CancellationToken cancellationToken);

    /// <summary>Deactivates a rep (history keeps them); false when there is no such rep.</summary>
    Task<bool> DeleteAsync(string repId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Lead>> ListLeadsAsync(string repId, CancellationToken cancellationToken);

    /// <summary>The rep worked the lead; a failure when the lead is unknown or not theirs.</summary>
    Task<Result<bool>> RecordTouchAsync(string repId, string leadId, CancellationToken cancellationToken);
}
