using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Core.Nurture;

/// <summary>The rules a sequence document must satisfy beyond its JSON shape.</summary>
internal static class SequenceValidator
{
    // A wait or quiet period is at most a (leap) year, resp. ten; no lower bound beyond "more than 0", so
    // integration tests on a real engine can wait seconds. The rules are sentences a marketer reads; the
    // JSON reader uses the same ones for a value of the wrong type (ConfigNumberAttribute).
    internal const int MaxWaitHours = 24 * 366;
    internal const int MaxWaitMinutes = MaxWaitHours * 60;
    internal const int MaxBusinessDays = 260;
    internal const int MaxLostForDays = 3660;
    internal const string HoursRule = "must be a number of hours greater than 0 and at most 8784";
    internal const string MinutesRule = "must be a number of minutes greater than 0 and at most 527040";
    internal const string BusinessDaysRule = "must be a whole number of business days from 1 to 260";
    internal const string LostForDaysRule = "must be a number of days greater than 0 and at most 3660";
    internal const int MaxMinSends = 1_000_000;
    internal const string WeightRule = "must be a number greater than 0 and at most 1000";
    internal const string MinSendsRule = "must be a whole number of sends per variant from 1 to 1000000";
    internal const string ConfidenceRule = "must be a confidence level above 0.5 and below 1 (e.g. 0.95)";

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

        if (sequence.Enrollment.LostForDays is { } lostFor && !InRange(lostFor, MaxLostForDays))
        {
            errors.Add(new("$.enrollment.lostForDays", LostForDaysRule));
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
                if (email.HasVariants)
                {
                    ValidateVariants(email, path, errors);
                }
                else
                {
                    ValidateContent(email.TemplateId, email.Subject, email.Body, path, "an email step", errors);
                    if (email.Winner is not null)
                    {
                        errors.Add(new(path + ".winner", "a winner rule needs variants"));
                    }
                }

                break;
            case WaitStep wait:
                var given = (wait.Hours is null ? 0 : 1) + (wait.Minutes is null ? 0 : 1) + (wait.BusinessDays is null ? 0 : 1);
                if (given != 1)
                {
                    errors.Add(new(path, given == 0
                        ? "a wait step needs one of hours, minutes or businessDays"
                        : "a wait step takes only one of hours, minutes or businessDays"));
                }

                if (wait.Hours is { } hours && !InRange(hours, MaxWaitHours))
                {
                    errors.Add(new(path + ".hours", HoursRule));
                }

                if (wait.Minutes is { } minutes && !InRange(minutes, MaxWaitMinutes))
                {
                    errors.Add(new(path + ".minutes", MinutesRule));
                }

                if (wait.BusinessDays is <= 0 or > MaxBusinessDays)
                {
                    errors.Add(new(path + ".businessDays", BusinessDaysRule));
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

    private static void ValidateContent(string? templateId, string? subject, string? body, string path, string what, List<ValidationError> errors)
    {
        var hasTemplate = !string.IsNullOrWhiteSpace(templateId);
        var hasInline = !string.IsNullOrWhiteSpace(subject) || !string.IsNullOrWhiteSpace(body);
        if (hasTemplate == hasInline)
        {
            errors.Add(new(path, what + " needs either templateId or subject and body, not both"));
        }
        else if (hasInline && (string.IsNullOrWhiteSpace(subject) || string.IsNullOrWhiteSpace(body)))
        {
            errors.Add(new(path + (string.IsNullOrWhiteSpace(subject) ? ".subject" : ".body"), "required for an inline email"));
        }
        else if (hasTemplate && !templateId!.StartsWith("d-", StringComparison.Ordinal))
        {
            errors.Add(new(path + ".templateId", "SendGrid dynamic template ids start with \"d-\""));
        }
    }

    // An A/B step's content lives in its variants; the step keeps only its id, timing and winner rule.
    private static void ValidateVariants(EmailStep email, string path, List<ValidationError> errors)
    {
        if (!string.IsNullOrWhiteSpace(email.TemplateId) || !string.IsNullOrWhiteSpace(email.Subject) || !string.IsNullOrWhiteSpace(email.Body))
        {
            errors.Add(new(path, "an email step with variants takes its content from them: move templateId, subject and body into the variants"));
        }

        if (email.Variants.Count < 2)
        {
            errors.Add(new(path + ".variants", "an A/B test needs at least two variants"));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < email.Variants.Count; i++)
        {
            var variant = email.Variants[i];
            var at = $"{path}.variants[{i}]";
            if (string.IsNullOrWhiteSpace(variant.Id))
            {
                errors.Add(new(at + ".id", "required"));
            }
            else if (!ids.Add(variant.Id))
            {
                errors.Add(new(at + ".id", $"duplicate variant id \"{variant.Id}\""));
            }

            if (variant.Weight is not { } weight || !InRange(weight, 1000))
            {
                errors.Add(new(at + ".weight", WeightRule));
            }

            ValidateContent(variant.TemplateId, variant.Subject, variant.Body, at, "a variant", errors);
        }

        if (email.Winner is { } rule)
        {
            if (rule.MinSendsPerVariant is not (>= 1 and <= MaxMinSends))
            {
                errors.Add(new(path + ".winner.minSendsPerVariant", MinSendsRule));
            }

            if (rule.Confidence is not { } confidence || !(confidence > 0.5 && confidence < 1))
            {
                errors.Add(new(path + ".winner.confidence", ConfidenceRule));
            }

            if (!Enum.IsDefined(rule.Metric))
            {
                errors.Add(new(path + ".winner.metric", "must be open, click, reply or conversion"));
            }
        }
    }

    // Written so NaN (never produced by the JSON reader, but a record can be built in code) is refused too.
    private static bool InRange(double value, double max) => value > 0 && value <= max;

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
