namespace FunnelAutomation.Core.Configuration;

/// <summary>The <c>kind</c> values of configuration documents.</summary>
public static class DocumentKinds
{
    public const string Pipeline = "pipeline";
    public const string Scoring = "scoring";
    public const string Routing = "routing";
    public const string Sequence = "sequence";
}
