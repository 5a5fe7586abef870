using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Core.Pipeline;

/// <summary>The rules a pipeline document must satisfy beyond its JSON shape.</summary>
internal static class PipelineValidator
{
    public static List<ValidationError> Validate(PipelineDefinition pipeline)
    {
        var errors = new List<ValidationError>();
        RequireId(pipeline.Id, "$.id", errors);
        if (string.IsNullOrWhiteSpace(pipeline.Name))
        {
            errors.Add(new("$.name", "required"));
        }

        if (pipeline.Stages.Count < 2)
        {
            errors.Add(new("$.stages", "a pipeline needs at least two stages (an open stage and the won stage)"));
        }

        var stageIds = new HashSet<string>(StringComparer.Ordinal);
        var actionOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        decimal previousProbability = -1m;
        for (var i = 0; i < pipeline.Stages.Count; i++)
        {
            var stage = pipeline.Stages[i];
            var path = $"$.stages[{i}]";
            RequireId(stage.Id, path + ".id", errors);
            if (string.Equals(stage.Id, PipelineDefinition.LostStage, StringComparison.Ordinal))
            {
                errors.Add(new(path + ".id", "\"lost\" is reserved: a lost lead leaves the stage list with a reason"));
            }
            else if (!string.IsNullOrWhiteSpace(stage.Id) && !stageIds.Add(stage.Id))
            {
                errors.Add(new(path + ".id", $"duplicate stage id \"{stage.Id}\""));
            }

            if (string.IsNullOrWhiteSpace(stage.Name))
            {
                errors.Add(new(path + ".name", "required"));
            }

            if (stage.Probability is < 0m or > 1m)
            {
                errors.Add(new(path + ".probability", $"must be between 0 and 1, was {stage.Probability}"));
            }
            else if (stage.Probability < previousProbability)
            {
                errors.Add(new(path + ".probability", $"must not be lower than the previous stage's ({previousProbability}): later milestones are closer to a win"));
            }
            else
            {
                previousProbability = stage.Probability;
            }

            if (stage.NormDays is <= 0)
            {
                errors.Add(new(path + ".normDays", "must be a positive number of days"));
            }

            var isLast = i == pipeline.Stages.Count - 1;
            if (stage.Won && !isLast)
            {
                errors.Add(new(path + ".won", "only the last stage can be the won stage"));
            }

            if (isLast && !stage.Won)
            {
                errors.Add(new(path + ".won", "the last stage must be the won stage (\"won\": true)"));
            }

            if (stage.Won && stage.Probability != 1m)
            {
                errors.Add(new(path + ".probability", "the won stage has probability 1"));
            }

            for (var j = 0; j < stage.EnteredBy.Count; j++)
            {
                var action = stage.EnteredBy[j];
                var actionPath = $"{path}.enteredBy[{j}]";
                if (!CustomerActionTypes.IsKnown(action))
                {
                    errors.Add(new(actionPath, $"unknown customer action \"{action}\""));
                }
                else if (!actionOwners.TryAdd(action, stage.Id))
                {
                    errors.Add(new(actionPath, $"\"{action}\" already moves leads into stage \"{actionOwners[action]}\""));
                }
            }
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < pipeline.LostReasons.Count; i++)
        {
            var reason = pipeline.LostReasons[i];
            RequireId(reason.Code, $"$.lostReasons[{i}].code", errors);
            if (!string.IsNullOrWhiteSpace(reason.Code) && !codes.Add(reason.Code))
            {
                errors.Add(new($"$.lostReasons[{i}].code", $"duplicate lost reason \"{reason.Code}\""));
            }

            if (string.IsNullOrWhiteSpace(reason.Name))
            {
                errors.Add(new($"$.lostReasons[{i}].name", "required"));
            }
        }

        return errors;
    }

    private static void RequireId(string? id, string path, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(new(path, "required"));
            return;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                errors.Add(new(path, $"\"{id}\" may contain only letters, digits, '-' and '_'"));
                return;
            }
        }
    }
}
