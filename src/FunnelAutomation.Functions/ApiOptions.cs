namespace FunnelAutomation.Functions;

/// <summary>HTTP settings of the Function App (configuration section "Api"); the same knobs as the local
/// Host's "Host" section. Function keys, CORS and request limits beyond these are platform settings.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Origins a form post may redirect to (comma-separated in the app setting).</summary>
    public string AllowedOrigins { get; set; } = "http://localhost:7071";

    /// <summary>Largest lead submission accepted, in bytes.</summary>
    public int MaxLeadBodyBytes { get; set; } = 32 * 1024;

    /// <summary>Largest CSV import accepted, in bytes.</summary>
    public int MaxImportBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Form field that humans leave empty and bots fill in.</summary>
    public string HoneypotField { get; set; } = "website";

    /// <summary>Folder of sample configuration loaded at startup when the store is empty (null: none).</summary>
    public string? SamplesPath { get; set; }

    public string[] AllowedOriginList =>
        AllowedOrigins.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
