namespace FunnelAutomation.Core.Leads;

/// <summary>Company size bands by employee count; scoring and routing segments speak in bands.</summary>
public enum CompanySizeBand
{
    Unknown = 0,
    /// <summary>1–10 employees.</summary>
    Micro,
    /// <summary>11–50 employees.</summary>
    Small,
    /// <summary>51–200 employees.</summary>
    Medium,
    /// <summary>201–1,000 employees.</summary>
    Large,
    /// <summary>More than 1,000 employees.</summary>
    Enterprise,
}

public static class CompanySizeBands
{
    public static CompanySizeBand FromEmployees(int? employees) => employees switch
    {
        null or <= 0 => CompanySizeBand.Unknown,
        <= 10 => CompanySizeBand.Micro,
        <= 50 => CompanySizeBand.Small,
        <= 200 => CompanySizeBand.Medium,
        <= 1000 => CompanySizeBand.Large,
        _ => CompanySizeBand.Enterprise,
    };
}
