using FunnelAutomation.Core.Actions;

namespace FunnelAutomation.Application.Ports;

/// <summary>The append-only log of what each prospect did.</summary>
public interface IActionStore
{
    /// <summary>Appends an action; false when an action with the same id was already recorded.</summary>
    Task<bool> AppendAsync(string leadId, CustomerAction action, CancellationToken cancellationToken);

    Task<IReadOnlyList<CustomerAction>> ListAsync(string leadId, CancellationToken cancellationToken);
}
