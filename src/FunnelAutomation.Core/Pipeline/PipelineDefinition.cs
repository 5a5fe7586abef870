using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Configuration;

namespace FunnelAutomation.Core.Pipeline;

/// <summary>A named, ordered list of stages (several per tenant: per product line or segment). Stages are
/// milestones: a lead only moves forward, may skip stages, ends Won (the last stage) or Lost (with a
/// reason), and a lost lead is reopened only through reactivation.</summary>
public sealed record PipelineDefinition
{
    public const string LostStage = "lost";

    public string Kind { get; init; } = DocumentKinds.Pipeline;

    public int SchemaVersion { get; init; } = ConfigJson.CurrentSchemaVersion;

    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required IReadOnlyList<StageDefinition> Stages { get; init; }

    public IReadOnlyList<LostReason> LostReasons { get; init; } = [];

    public StageDefinition FirstStage => Stages[0];

    public StageDefinition WonStage => Stages[^1];

    /// <summary>Position of a stage in the pipeline, or -1 when the pipeline has no such stage.</summary>
    public int IndexOf(string stageId)
    {
        for (var i = 0; i < Stages.Count; i++)
        {
            if (string.Equals(Stages[i].Id, stageId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    public StageDefinition? FindStage(string stageId)
    {
        var index = IndexOf(stageId);
        return index < 0 ? null : Stages[index];
    }

    /// <summary>The stage a customer action moves a lead into, if any.</summary>
    public StageDefinition? StageEnteredBy(string actionType)
    {
        foreach (var stage in Stages)
        {
            foreach (var trigger in stage.EnteredBy)
            {
                if (string.Equals(trigger, actionType, StringComparison.Ordinal))
                {
                    return stage;
                }
            }
        }

        return null;
    }

    public LostReason? FindLostReason(string code)
    {
        foreach (var reason in LostReasons)
        {
            if (string.Equals(reason.Code, code, StringComparison.Ordinal))
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>Parses and validates a pipeline document; an invalid one is rejected whole with every error.</summary>
    public static Result<PipelineDefinition> Load(string json)
    {
        var parsed = ConfigJson.Parse<PipelineDefinition>(json, DocumentKinds.Pipeline);
        if (!parsed.IsSuccess)
        {
            return parsed;
        }

        var errors = PipelineValidator.Validate(parsed.Value);
        return errors.Count == 0 ? parsed : Result<PipelineDefinition>.Failure(errors);
    }
}
