using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Configuration;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Routing;

/// <summary>The reps document (kind "reps"): who can own leads, in which team, how senior, how much they can take.
/// Roster order matters: it is the round-robin order within each team.</summary>
public sealed class RepRoster
{
    /// <summary>The document's <c>kind</c>.</summary>
    public const string DocumentKind = "reps";

    /// <summary>Upper bound for <see cref="Rep.Weight"/>; keeps the weighted schedule short.</summary>
    public const int MaxWeight = 1000;

    public string Kind { get; init; } = DocumentKind;

    public int SchemaVersion { get; init; } = ConfigJson.CurrentSchemaVersion;

    public IReadOnlyList<Rep> Reps { get; init; } = [];

    /// <summary>Parses and validates a reps document; every problem comes back as (JSON path, reason).</summary>
    public static Result<RepRoster> Load(string json)
    {
        var parsed = ConfigJson.Parse<RepRoster>(json, DocumentKind);
        if (!parsed.IsSuccess)
        {
            return parsed;
        }

        var errors = parsed.Value.Validate();
        return errors.Count > 0 ? Result<RepRoster>.Failure(errors) : parsed;
    }

    public IReadOnlyList<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (Reps is null)
        {
            errors.Add(new("$.reps", "required: a list of reps"));
            return errors;
        }

        ValidateReps(Reps, errors);
        return errors;
    }

    internal static void ValidateReps(IReadOnlyList<Rep?> reps, List<ValidationError> errors)
    {
        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < reps.Count; i++)
        {
            var path = RoutingPaths.Index("$.reps", i);
            var rep = reps[i];
            if (rep is null)
            {
                errors.Add(new(path, "must be a rep object"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(rep.Id))
            {
                errors.Add(new(path + ".id", "required: a unique rep id"));
            }
            else if (ids.TryGetValue(rep.Id, out var first))
            {
                errors.Add(new(path + ".id", $"duplicate rep id \"{rep.Id}\" (already used by {RoutingPaths.Index("$.reps", first)}; ids ignore case here)"));
            }
            else
            {
                ids.Add(rep.Id, i);
            }

            if (string.IsNullOrWhiteSpace(rep.Name))
            {
                errors.Add(new(path + ".name", "required"));
            }

            if (!EmailAddress.IsValid(rep.Email))
            {
                errors.Add(new(path + ".email", $"\"{rep.Email}\" is not a valid email address"));
            }

            if (rep.ManagerEmail is not null && !EmailAddress.IsValid(rep.ManagerEmail))
            {
                errors.Add(new(path + ".managerEmail", $"\"{rep.ManagerEmail}\" is not a valid email address"));
            }

            if (rep.Team is not null && string.IsNullOrWhiteSpace(rep.Team))
            {
                errors.Add(new(path + ".team", "must not be blank (leave it out for a rep outside any team)"));
            }

            ValidateNames(rep.Territories, path + ".territories", errors);
            ValidateNames(rep.Industries, path + ".industries", errors);
            for (var j = 0; j < rep.SizeBands.Count; j++)
            {
                if (!Enum.IsDefined(rep.SizeBands[j]))
                {
                    errors.Add(new(RoutingPaths.Index(path + ".sizeBands", j), "not a company size band"));
                }
            }

            if (!Enum.IsDefined(rep.Tier))
            {
                errors.Add(new(path + ".tier", "must be junior, standard or senior"));
            }

            if (rep.MaxOpenLeads < 0)
            {
                errors.Add(new(path + ".maxOpenLeads", "must be 0 or more"));
            }

            if (rep.MaxNewLeadsPerDay < 0)
            {
                errors.Add(new(path + ".maxNewLeadsPerDay", "must be 0 or more"));
            }

            if (rep.Weight is < 1 or > MaxWeight)
            {
                errors.Add(new(path + ".weight", $"must be between 1 and {MaxWeight}"));
            }

            if (rep.OutOfOfficeUntil is { } until)
            {
                if (rep.OutOfOfficeFrom is not { } from)
                {
                    errors.Add(new(path + ".outOfOfficeUntil", "needs outOfOfficeFrom"));
                }
                else if (until <= from)
                {
                    errors.Add(new(path + ".outOfOfficeUntil", "must be after outOfOfficeFrom"));
                }
            }
        }
    }

    private static void ValidateNames(IReadOnlyList<string>? names, string path, List<ValidationError> errors)
    {
        if (names is null)
        {
            return;
        }

        for (var j = 0; j < names.Count; j++)
        {
            if (string.IsNullOrWhiteSpace(names[j]))
            {
                errors.Add(new(RoutingPaths.Index(path, j), "must not be blank"));
            }
        }
    }
}
