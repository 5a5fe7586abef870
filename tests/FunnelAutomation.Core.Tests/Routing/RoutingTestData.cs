using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Routing;

namespace FunnelAutomation.Core.Tests.Routing;

/// <summary>Small builders so each routing test states only what it is about.</summary>
internal static class RoutingTestData
{
    public static readonly DateTimeOffset Now = new(2025, 3, 10, 9, 30, 0, TimeSpan.Zero);

    public static Rep Rep(string id, string team = "EMEA", RepTier tier = RepTier.Standard, int maxOpen = 100,
        int maxNewPerDay = 100, int weight = 1, bool active = true, DateTimeOffset? oooFrom = null,
        DateTimeOffset? oooUntil = null, IReadOnlyList<string>? territories = null) => new()
    {
        Id = id,
        Name = "Rep " + id,
        Email = id + "@example.com",
        Team = team,
        Tier = tier,
        MaxOpenLeads = maxOpen,
        MaxNewLeadsPerDay = maxNewPerDay,
        Weight = weight,
        Active = active,
        OutOfOfficeFrom = oooFrom,
        OutOfOfficeUntil = oooUntil,
        Territories = territories ?? [],
    };

    public static LeadProfile Lead(string country = "DE", int? employees = 500, string? industry = "software",
        string email = "jane@acme.com", string? companyDomain = null) => new()
    {
        Email = email,
        Country = country,
        Employees = employees,
        Industry = industry,
        CompanyDomain = companyDomain,
    };

    /// <summary>One rule sending every EMEA lead to team EMEA with the given strategy.</summary>
    public static RoutingRules SingleRule(RoutingStrategy strategy = RoutingStrategy.RoundRobin, bool seniorsOnly = false,
        bool ownership = false, string? ruleFallback = null, string team = "EMEA") => new()
    {
        FallbackQueue = "unassigned",
        AccountOwnership = new AccountOwnershipSettings { Enabled = ownership, IgnoredDomains = ["gmail.com"] },
        Regions = new Dictionary<string, IReadOnlyList<string>> { ["EMEA"] = ["DE", "FR", "GB"] },
        Rules =
        [
            new RoutingRule
            {
                Name = "EMEA-All",
                Match = new RuleMatch { Regions = ["EMEA"] },
                Team = team,
                Strategy = strategy,
                SeniorsOnlyForGradeA = seniorsOnly,
                FallbackQueue = ruleFallback,
            },
        ],
    };

    public static LeadRouter Router(RoutingRules rules, params Rep[] reps)
    {
        var created = LeadRouter.Create(rules, reps);
        Assert.True(created.IsSuccess, string.Join("; ", created.Errors));
        return created.Value;
    }

    public static string SamplePath(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);
}
