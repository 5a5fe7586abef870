using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Application.Actions;

/// <summary>A message on the <c>customer-actions</c> queue: a flat fields object with <c>leadId</c> plus the
/// <see cref="CustomerActionRequest"/> fields. Bad input throws <see cref="InvalidInputException"/>: no
/// retry can fix it, so hosts poison it with the reasons.</summary>
public static class CustomerActionMessage
{
    public const string MessageType = "customer-action";

    public static (string LeadId, CustomerAction Action) Parse(IReadOnlyDictionary<string, string?> fields, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var leadId = fields.GetValueOrDefault("leadId");
        if (string.IsNullOrWhiteSpace(leadId))
        {
            throw new InvalidInputException([new ValidationError("leadId", "required")]);
        }

        var action = CustomerActionRequest.Parse(fields, now);
        return action.IsSuccess ? (leadId, action.Value) : throw new InvalidInputException(action.Errors);
    }

    /// <summary>Records the parsed action; an unknown lead is invalid input too.</summary>
    public static async Task RecordAsync(CustomerActionService actions, IReadOnlyDictionary<string, string?> fields, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var (leadId, action) = Parse(fields, now);
        if (!await actions.RecordAsync(leadId, action, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidInputException([new ValidationError("leadId", $"no lead \"{leadId}\"")]);
        }
    }
}
