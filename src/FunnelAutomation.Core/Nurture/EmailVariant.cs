using FunnelAutomation.Core.Configuration;

namespace FunnelAutomation.Core.Nurture;

/// <summary>One variant of an A/B-tested email step: its share of the traffic and its content, given like a
/// step's (a SendGrid dynamic template, or inline subject and body).</summary>
public sealed record EmailVariant
{
    /// <summary>Unique within the step ("a", "short-subject"); counters and the winner name it.</summary>
    public required string Id { get; init; }

    /// <summary>Relative share of the leads (1 and 1 split evenly; 3 and 1 sends three in four to the first).</summary>
    [ConfigNumber(SequenceValidator.WeightRule)]
    public double? Weight { get; init; } = 1;

    public string? TemplateId { get; init; }

    public IReadOnlyDictionary<string, string> TemplateData { get; init; } = new Dictionary<string, string>();

    public string? Subject { get; init; }

    public string? Body { get; init; }
}
