using System.Collections.Concurrent;
using FunnelAutomation.Core.Leads;
using HandlebarsDotNet;

namespace FunnelAutomation.Application.Email;

/// <summary>Fills inline subjects and bodies (Handlebars, HTML-escaped) and dynamic-template data with
/// the lead's fields. Compiled templates are cached: sequences reuse a handful of texts.</summary>
public sealed class EmailRenderer
{
    private readonly IHandlebars _handlebars = Handlebars.Create();
    private readonly ConcurrentDictionary<string, HandlebarsTemplate<object, object>> _compiled = new(StringComparer.Ordinal);

    /// <summary>The merge fields a template may use.</summary>
    public static Dictionary<string, string> MergeFields(LeadProfile profile, string? unsubscribeUrl)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["firstName"] = profile.FirstName ?? "there",
            ["lastName"] = profile.LastName ?? string.Empty,
            ["company"] = profile.Company ?? "your team",
            ["jobTitle"] = profile.JobTitle ?? string.Empty,
            ["country"] = profile.Country ?? string.Empty,
        };
        if (unsubscribeUrl is not null)
        {
            fields["unsubscribeUrl"] = unsubscribeUrl;
        }

        return fields;
    }

    public string Render(string template, IReadOnlyDictionary<string, string> fields)
    {
        var compiled = _compiled.GetOrAdd(template, t => _handlebars.Compile(t));
        return compiled(fields);
    }
}
