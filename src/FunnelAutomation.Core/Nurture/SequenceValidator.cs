using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Core.Nurture;

/// <summary>The rules a sequence document must satisfy beyond its JSON shape.</summary>
internal static class SequenceValidator
{
    private const int MaxWaitHours = 24 * 366;

    public static List<ValidationError> Validate(SequenceDefinition sequence)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(sequence.Id))
        {
            errors.Add(new("$.id", "required"));
        }

        if (string.IsNullOrWhiteSpace(sequence.Name))
        {
            errors.Add(new("$.name", "required"));
        }

        if (sequence.Version < 1)
        {
            errors.Add(new("$.version", "must be 1 or more"));
        }

        if (sequence.Enrollment.LostForDays is <= 0)
        {
            errors.Add(new("$.enrollment.lostForDays", "must be a positive number of days"));
        }

        if (sequence.Steps.Count == 0)
        {
            errors.Add(new("$.steps", "a sequence needs at least one step"));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sequence.Steps.Count; i++)
        {
            var id = sequence.Steps[i].Id;
            if (string.IsNullOrWhiteSpace(id))
            {
                errors.Add(new($"$.steps[{i}].id", "required"));
            }
            else if (!ids.Add(id))
            {
                errors.Add(new($"$.steps[{i}].id", $"duplicate step id \"{id}\""));
            }
        }

        for (var i = 0; i < sequence.Steps.Count; i++)
        {
            ValidateStep(sequence.Steps[i], $"$.steps[{i}]", i, sequence, errors);
        }

        for (var i = 0; i < sequence.Exit.OnActions.Count; i++)
        {
            if (!CustomerActionTypes.IsKnown(sequence.Exit.OnActions[i]))
            {
                errors.Add(new($"$.exit.onActions[{i}]", $"unknown customer action \"{sequence.Exit.OnActions[i]}\""));
            }
        }

        return errors;
    }

    private static void ValidateStep(SequenceStep step, string path, int index, SequenceDefinition sequence, List<ValidationError> errors)
    {
        switch (step)
        {
            case EmailStep email:
                var hasTemplate = !string.IsNullOrWhiteSpace(email.TemplateId);
                var hasInline = !string.IsNullOrWhiteSpace(email.Subject) || !string.IsNullOrWhiteSpace(email.Body);
                if (hasTemplate == hasInline)
                {
                    errors.Add(new(path, "an email step needs either templateId or subject and body, not both"));
                }
                else if (hasInline && (string.IsNullOrWhiteSpace(email.Subject) || string.IsNullOrWhiteSpace(email.Body)))
                {
                    errors.Add(new(path + (string.IsNullOrWhiteSpace(email.Subject) ? ".subject" : ".body"), "required for an inline email"));
                }
                else if (hasTemplate && !email.TemplateId!.StartsWith("d-", StringComparison.Ordinal))
                {
                    errors.Add(new(path + ".templateId", "SendGrid dynamic template ids start with \"d-\""));
                }

                break;
            case WaitStep wait:
                if ((wait.Hours is null) == (wait.BusinessDays is null))
                {
                    errors.Add(new(path, "a wait step needs either hours or businessDays"));
                }
                else if (wait.Hours is <= 0 or > MaxWaitHours)
                {
                    errors.Add(new(path + ".hours", $"must be between 1 and {MaxWaitHours}"));
                }
                else if (wait.BusinessDays is <= 0 or > 260)
                {
                    errors.Add(new(path + ".businessDays", "must be between 1 and 260"));
                }

                break;
            case BranchStep branch:
                CheckTarget(branch.Then, path + ".then", index, sequence, errors);
                if (branch.Else is not null)
                {
                    CheckTarget(branch.Else, path + ".else", index, sequence, errors);
                }

                var c = branch.Condition;
                if (c.Clicked is null && c.Visited is null && c.ScoreAtLeast is null && c.StageReached is null)
                {
                    errors.Add(new(path + ".condition", "needs at least one of clicked, visited, scoreAtLeast, stageReached"));
                }

                if (c.MinVisits is <= 0)
                {
                    errors.Add(new(path + ".condition.minVisits", "must be at least 1"));
                }

                if (c.MinVisits is not null && c.Visited is null)
                {
                    errors.Add(new(path + ".condition.minVisits", "only meaningful with visited"));
                }

                break;
            case NotifyRepStep notify when string.IsNullOrWhiteSpace(notify.Message):
                errors.Add(new(path + ".message", "required"));
                break;
            case TaskStep task:
                if (string.IsNullOrWhiteSpace(task.Title))
                {
                    errors.Add(new(path + ".title", "required"));
                }

                if (task.DueInHours <= 0)
                {
                    errors.Add(new(path + ".dueInHours", "must be positive"));
                }

                break;
        }
    }

    // Branches jump forward only, so a sequence always ends: no loops that mail a lead forever.
    private static void CheckTarget(string target, string path, int index, SequenceDefinition sequence, List<ValidationError> errors)
    {
        if (string.Equals(target, "end", StringComparison.Ordinal))
        {
            return;
        }

        var at = sequence.IndexOf(target);
        if (at < 0)
        {
            errors.Add(new(path, $"no step \"{target}\" (use a step id or \"end\")"));
        }
        else if (at <= index)
        {
            errors.Add(new(path, $"branches may only jump forward; \"{target}\" is not after this step"));
        }
    }
}
