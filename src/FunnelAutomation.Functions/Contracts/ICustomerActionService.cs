using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Functions.Contracts;

// Stand-in for the Application layer's CustomerActionService; nothing registers it yet.

/// <summary>Records what a prospect did and tells the lead's journey.</summary>
public interface ICustomerActionService
{
    /// <summary>True when the action is new, false when it was already recorded; a failure names bad fields.</summary>
    Task<Result<bool>> RecordAsync(string leadId, CustomerAction action, CancellationToken cancellationToken);
}

/// <summary>A message on the <c>customer-actions</c> queue.</summary>
public sealed record CustomerActionMessage(string LeadId, CustomerAction Action);
