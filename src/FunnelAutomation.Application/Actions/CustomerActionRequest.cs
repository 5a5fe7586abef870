using System.Globalization;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Application.Actions;

/// <summary>A customer action as sent by another system (HTTP body or queue message), as flat fields:
/// type, id (idempotency key; generated when absent), occurredAt, url, amount, reason.</summary>
public static class CustomerActionRequest
{
    public static Result<CustomerAction> Parse(IReadOnlyDictionary<string, string?> fields, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var errors = new List<ValidationError>();
        var type = fields.GetValueOrDefault("type")?.Trim();
        if (string.IsNullOrEmpty(type))
        {
            errors.Add(new("type", "required"));
        }

        var occurredAt = now;
        if (fields.GetValueOrDefault("occurredAt") is { Length: > 0 } at
            && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out occurredAt))
        {
            errors.Add(new("occurredAt", "must be an ISO 8601 date and time"));
        }

        decimal? amount = null;
        if (fields.GetValueOrDefault("amount") is { Length: > 0 } rawAmount)
        {
            if (decimal.TryParse(rawAmount, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
            {
                amount = parsed;
            }
            else
            {
                errors.Add(new("amount", "must be a number"));
            }
        }

        if (errors.Count > 0)
        {
            return Result<CustomerAction>.Failure(errors);
        }

        var id = fields.GetValueOrDefault("id") is { Length: > 0 } given ? given : "api:" + Guid.NewGuid().ToString("N");
        var action = new CustomerAction(id, type!, occurredAt, fields.GetValueOrDefault("url"), amount, fields.GetValueOrDefault("reason"));
        var invalid = CustomerActionService.Validate(action, now);
        return invalid.Count == 0 ? Result<CustomerAction>.Success(action) : Result<CustomerAction>.Failure(invalid);
    }
}
