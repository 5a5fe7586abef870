using FunnelAutomation.Core.Configuration;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Nurture;

/// <summary>Which leads a sequence takes. Every given criterion must hold; lostForDays makes it a
/// win-back sequence for lost prospects.</summary>
public sealed record EnrollmentCriteria
{
    public string? Pipeline { get; init; }

    /// <summary>The lead just entered this stage (or was created in it).</summary>
    public string? StageEntered { get; init; }

    /// <summary>Lowest grade accepted (A is best): "b" takes A and B leads.</summary>
    public Grade? MinGrade { get; init; }

    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Enrolls lost leads once they have been lost this many days (reactivation). Fractions are
    /// allowed, so a test on a real engine can use a quiet period of seconds.</summary>
    [ConfigNumber(SequenceValidator.LostForDaysRule)]
    public double? LostForDays { get; init; }
}
