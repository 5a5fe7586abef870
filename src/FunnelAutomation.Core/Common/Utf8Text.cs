namespace FunnelAutomation.Core.Common;

/// <summary>Text that arrived as bytes which were not UTF-8. Decoders (ours and ASP.NET's form reader) put
/// U+FFFD where such bytes were, so a field holding it is refused by name rather than stored as "��@b.example".</summary>
public static class Utf8Text
{
    public const char ReplacementCharacter = '\uFFFD';

    public const string NotUtf8Reason = "not valid UTF-8 text (contains U+FFFD, the replacement character for bytes that are not UTF-8)";

    public static bool HasReplacement(string? text) => text?.Contains(ReplacementCharacter, StringComparison.Ordinal) == true;
}
