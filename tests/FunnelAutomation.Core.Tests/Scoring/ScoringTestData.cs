using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Core.Tests.Scoring;

/// <summary>Shared fixtures: the repository sample model and small hand-built models.</summary>
internal static class ScoringTestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static string SampleJson => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "scoring.json"));

    private static readonly Lazy<ScoringModel> LazySample = new(() => ScoringModel.Load(SampleJson).Value);

    public static ScoringModel Sample => LazySample.Value;

    public static LeadProfile Profile(
        string email = "jane@acme.example",
        string? industry = null,
        int? employees = null,
        string? country = null,
        string? title = null,
        string? companyDomain = null,
        Qualification? qualification = null) => new()
        {
            Email = email,
            Industry = industry,
            Employees = employees,
            Country = country,
            JobTitle = title,
            CompanyDomain = companyDomain,
            Qualification = qualification ?? Qualification.None,
        };

    private static int _ids;

    public static CustomerAction Action(string type, double daysAgo = 0, string? url = null, string? id = null) =>
        new(id ?? "act-" + Interlocked.Increment(ref _ids), type, Now.AddDays(-daysAgo), url);

    /// <summary>A model with only what a test sets, grades 70/45/20 unless given.</summary>
    public static ScoringModel Build(
        FitSection? fit = null,
        NegativeSection? negative = null,
        QualificationSection? qualification = null,
        EngagementSection? engagement = null,
        GradeThresholds? grades = null,
        PrioritySettings? priority = null)
    {
        var result = ScoringModel.FromDocument(new ScoringModelDocument
        {
            Id = "test",
            Version = "1",
            Fit = fit ?? new FitSection(),
            Negative = negative ?? new NegativeSection(),
            Qualification = qualification ?? new QualificationSection(),
            Engagement = engagement ?? new EngagementSection(),
            Grades = grades ?? new GradeThresholds { A = 70, B = 45, C = 20 },
            Priority = priority,
        });
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        return result.Value;
    }

    public static LeadScore Score(ScoringModel model, LeadProfile profile, params CustomerAction[] actions) =>
        new LeadScorer(model).Score(profile, actions, Now);
}
