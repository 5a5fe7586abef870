namespace FunnelAutomation.Core.Leads;

/// <summary>Dedupe merge of a repeated submission into the stored profile: a newer non-empty field wins,
/// an empty one never erases what we already know (a short second form must not wipe the first). The
/// source stays the first one: funnel reports attribute a lead to the channel that brought it.</summary>
public static class LeadSubmissionMerge
{
    public static LeadProfile Merge(LeadProfile existing, LeadProfile incoming)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(incoming);
        return existing with
        {
            FirstName = Pick(existing.FirstName, incoming.FirstName),
            LastName = Pick(existing.LastName, incoming.LastName),
            Company = Pick(existing.Company, incoming.Company),
            CompanyDomain = Pick(existing.CompanyDomain, incoming.CompanyDomain),
            JobTitle = Pick(existing.JobTitle, incoming.JobTitle),
            Industry = Pick(existing.Industry, incoming.Industry),
            Employees = incoming.Employees ?? existing.Employees,
            Country = Pick(existing.Country, incoming.Country),
            Phone = Pick(existing.Phone, incoming.Phone),
            TimeZone = Pick(existing.TimeZone, incoming.TimeZone),
            Qualification = Merge(existing.Qualification, incoming.Qualification),
        };
    }

    private static Qualification Merge(Qualification existing, Qualification incoming) => existing with
    {
        Budget = incoming.Budget ?? existing.Budget,
        IsDecisionMaker = incoming.IsDecisionMaker ?? existing.IsDecisionMaker,
        Need = incoming.Need ?? existing.Need,
        TimelineMonths = incoming.TimelineMonths ?? existing.TimelineMonths,
        CompetitorInvolved = incoming.CompetitorInvolved ?? existing.CompetitorInvolved,
    };

    private static string? Pick(string? existing, string? incoming) =>
        string.IsNullOrWhiteSpace(incoming) ? existing : incoming;
}
