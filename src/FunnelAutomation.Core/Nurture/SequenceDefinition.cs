using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Configuration;

namespace FunnelAutomation.Core.Nurture;

/// <summary>A nurture sequence configured by a marketer: who enrolls, the ordered steps, and when a lead
/// exits early. Editing creates a new <see cref="Version"/>; running enrollments keep theirs.</summary>
public sealed record SequenceDefinition
{
    public string Kind { get; init; } = DocumentKinds.Sequence;

    public int SchemaVersion { get; init; } = ConfigJson.CurrentSchemaVersion;

    public required string Id { get; init; }

    /// <summary>Assigned by the configuration store on activation; 1 for a document never stored.</summary>
    public int Version { get; init; } = 1;

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required EnrollmentCriteria Enrollment { get; init; }

    public required IReadOnlyList<SequenceStep> Steps { get; init; }

    public ExitCriteria Exit { get; init; } = new();

    public bool IsWinBack => Enrollment.LostForDays is not null;

    public int IndexOf(string stepId)
    {
        for (var i = 0; i < Steps.Count; i++)
        {
            if (string.Equals(Steps[i].Id, stepId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public static Result<SequenceDefinition> Load(string json)
    {
        var parsed = ConfigJson.Parse<SequenceDefinition>(json, DocumentKinds.Sequence);
        if (!parsed.IsSuccess)
        {
            return parsed;
        }

        var errors = SequenceValidator.Validate(parsed.Value);
        return errors.Count == 0 ? parsed : Result<SequenceDefinition>.Failure(errors);
    }
}
