namespace FunnelAutomation.Api;

/// <summary>The API's settings, the same knobs on both hosts: bound from the Host's "Host" section locally and
/// from the "Api" app settings in Azure (where function keys and CORS are platform settings).</summary>
public sealed class ApiOptions
{
    /// <summary>The function key keyed routes require on the local Host (header <c>x-functions-key</c> or
    /// <c>?code=</c>); in Azure the Functions host checks its own keys.</summary>
    public string FunctionKey { get; set; } = "dev-function-key";

    /// <summary>Origins a browser may post forms from, and that a form's <c>redirect</c> may point at.</summary>
    public string[] AllowedOrigins { get; set; } = ["http://localhost:7071"];

    /// <summary>Largest lead submission accepted, in bytes.</summary>
    public int MaxLeadBodyBytes { get; set; } = 32 * 1024;

    /// <summary>Largest CSV import accepted, in bytes (read as it arrives, never buffered: the size costs no memory).</summary>
    public int MaxImportBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Form field that humans leave empty and bots fill in.</summary>
    public string HoneypotField { get; set; } = "website";
}
