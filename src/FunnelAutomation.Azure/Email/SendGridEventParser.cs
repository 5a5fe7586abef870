using System.Globalization;
using System.Text.Json;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Azure.Email;

/// <summary>Reads a SendGrid Event Webhook body (a JSON array of event objects). A malformed body is
/// refused whole with every error named by JSON path; unknown event names parse fine (the handler
/// decides what to ignore).</summary>
public static class SendGridEventParser
{
    /// <summary>SendGrid's own fields; every other top-level string field is a custom arg.</summary>
    private static readonly HashSet<string> StandardFields = new(StringComparer.Ordinal)
    {
        "event", "email", "timestamp", "sg_event_id", "sg_message_id", "url", "reason", "type", "category",
        "smtp-id", "ip", "useragent", "response", "attempt", "status", "tls", "cert_err", "url_offset",
        "asm_group_id", "marketing_campaign_id", "marketing_campaign_name", "marketing_campaign_version",
        "marketing_campaign_split_id", "post_type", "singlesend_id", "singlesend_name", "template_id",
        "template_version_id", "template_name", "bounce_classification", "sg_machine_open", "sg_content_type",
        "sg_template_id", "sg_template_name", "pool", "ip_pool_name", "ip_pool_id", "newsletter",
    };

    public static Result<IReadOnlyList<SendGridEvent>> Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Result<IReadOnlyList<SendGridEvent>>.Failure("$", "empty body; expected a JSON array of events");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            return Result<IReadOnlyList<SendGridEvent>>.Failure("$", "not valid JSON: " + ex.Message);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return Result<IReadOnlyList<SendGridEvent>>.Failure("$", $"expected a JSON array of events, got {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            var events = new List<SendGridEvent>();
            var errors = new List<ValidationError>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var path = $"$[{index++}]";
                if (ReadEvent(element, path, errors) is { } e)
                {
                    events.Add(e);
                }
            }

            return errors.Count == 0
                ? Result<IReadOnlyList<SendGridEvent>>.Success(events)
                : Result<IReadOnlyList<SendGridEvent>>.Failure(errors);
        }
    }

    private static SendGridEvent? ReadEvent(JsonElement element, string path, List<ValidationError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, "expected an event object"));
            return null;
        }

        var before = errors.Count;
        var name = Text(element, "event", path, errors);
        if (string.IsNullOrWhiteSpace(name) && errors.Count == before)
        {
            errors.Add(new(path + ".event", "required"));
        }

        DateTimeOffset? timestamp = null;
        if (!element.TryGetProperty("timestamp", out var ts))
        {
            errors.Add(new(path + ".timestamp", "required"));
        }
        else if (ts.ValueKind == JsonValueKind.Number && ts.TryGetInt64(out var seconds) && seconds is >= 0 and <= 253_402_300_799)
        {
            timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
        }
        else
        {
            errors.Add(new(path + ".timestamp", "expected whole Unix seconds"));
        }

        var email = Text(element, "email", path, errors);
        var eventId = Text(element, "sg_event_id", path, errors);
        var messageId = Text(element, "sg_message_id", path, errors);
        var url = Text(element, "url", path, errors);
        var reason = Text(element, "reason", path, errors);
        var type = Text(element, "type", path, errors);
        var categories = Categories(element, path, errors);

        var customArgs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (StandardFields.Contains(property.Name))
            {
                continue;
            }

            // Custom args are strings when sent; a number here came from someone else's API call.
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                customArgs[property.Name] = property.Value.GetString()!;
            }
            else if (property.Value.ValueKind == JsonValueKind.Number)
            {
                customArgs[property.Name] = property.Value.GetRawText();
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new SendGridEvent
        {
            Event = name!,
            Timestamp = timestamp!.Value,
            Email = email,
            SgEventId = eventId,
            SgMessageId = messageId,
            Url = url,
            Reason = reason,
            Type = type,
            Categories = categories,
            CustomArgs = customArgs,
        };
    }

    private static string? Text(JsonElement element, string name, string path, List<ValidationError> errors)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        // SendGrid sends a few of these as numbers in some events (e.g. "reason" codes); keep the text.
        if (value.ValueKind == JsonValueKind.Number && name is "reason" or "type")
        {
            return value.GetRawText();
        }

        errors.Add(new(path + "." + name, $"expected a string, got {value.ValueKind.ToString().ToLowerInvariant()}"));
        return null;
    }

    /// <summary>"category" is a string for one category and an array for several.</summary>
    private static List<string> Categories(JsonElement element, string path, List<ValidationError> errors)
    {
        if (!element.TryGetProperty("category", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return [value.GetString()!];
            case JsonValueKind.Array:
                var list = new List<string>();
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        list.Add(item.GetString()!);
                    }
                    else
                    {
                        errors.Add(new(string.Create(CultureInfo.InvariantCulture, $"{path}.category[{i}]"), "expected a string"));
                    }

                    i++;
                }

                return list;
            default:
                errors.Add(new(path + ".category", "expected a string or an array of strings"));
                return [];
        }
    }
}
