namespace FunnelAutomation.Core.Leads;

/// <summary>The field names a form, a JSON body, a CSV import or a queue message uses for a lead.</summary>
public static class LeadFields
{
    public const string Email = "email";
    public const string FirstName = "firstName";
    public const string LastName = "lastName";
    public const string Company = "company";
    public const string CompanyDomain = "companyDomain";
    public const string JobTitle = "jobTitle";
    public const string Industry = "industry";
    public const string Employees = "employees";
    public const string Country = "country";
    public const string Phone = "phone";
    public const string Source = "source";
    public const string TimeZone = "timeZone";
    public const string Budget = "budget";
    public const string DecisionMaker = "decisionMaker";
    public const string Need = "need";
    public const string TimelineMonths = "timelineMonths";
    public const string CompetitorInvolved = "competitorInvolved";

    public static IReadOnlyList<string> All { get; } =
    [
        Email, FirstName, LastName, Company, CompanyDomain, JobTitle, Industry, Employees, Country, Phone,
        Source, TimeZone, Budget, DecisionMaker, Need, TimelineMonths, CompetitorInvolved,
    ];
}
