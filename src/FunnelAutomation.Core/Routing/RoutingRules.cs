using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Configuration;

namespace FunnelAutomation.Core.Routing;

/// <summary>The routing document (kind "routing"): named regions, ordered territory/segment rules, account
/// ownership and the fallback queue. Load it with <see cref="Load"/>, then build a <see cref="LeadRouter"/> with
/// the reps.</summary>
public sealed class RoutingRules
{
    public string Kind { get; init; } = DocumentKinds.Routing;

    public int SchemaVersion { get; init; } = ConfigJson.CurrentSchemaVersion;

    /// <summary>Queue for leads that no rule matches or no rep can take.</summary>
    public string FallbackQueue { get; init; } = "";

    public AccountOwnershipSettings AccountOwnership { get; init; } = new();

    /// <summary>Named country lists ("EMEA": ["DE", "FR", …]) that rules and rep territories refer to.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Regions { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<RoutingRule> Rules { get; init; } = [];

    // Lookups built once a document is known valid, so routing never re-parses lists.
    private CompiledRules? _compiled;

    /// <summary>Parses and validates a routing document; every problem comes back as (JSON path, reason).</summary>
    public static Result<RoutingRules> Load(string json)
    {
        var parsed = ConfigJson.Parse<RoutingRules>(json, DocumentKinds.Routing);
        if (!parsed.IsSuccess)
        {
            return parsed;
        }

        var rules = parsed.Value;
        var errors = rules.Validate();
        if (errors.Count > 0)
        {
            return Result<RoutingRules>.Failure(errors);
        }

        rules._compiled = CompiledRules.Build(rules);
        return Result<RoutingRules>.Success(rules);
    }

    /// <summary>Rule checks that need only this document (a document built in code gets the same checks).</summary>
    public IReadOnlyList<ValidationError> Validate() => RoutingRulesValidator.Validate(this);

    /// <summary>This document's checks plus those against a roster: every rule's team has reps, every rep
    /// territory is a country code or a region of this document, rep fields are sane.</summary>
    public IReadOnlyList<ValidationError> Validate(IReadOnlyList<Rep> reps)
    {
        ArgumentNullException.ThrowIfNull(reps);
        var errors = new List<ValidationError>(RoutingRulesValidator.Validate(this));
        RepRoster.ValidateReps(reps, errors);
        RoutingRulesValidator.ValidateAgainstReps(this, reps, errors);
        return errors;
    }

    // Only called once the document validated.
    internal CompiledRules Compile() => _compiled ??= CompiledRules.Build(this);
}
