using FunnelAutomation.Core.Nurture;

namespace FunnelAutomation.Core.Tests.Documents;

/// <summary>Shape errors a marketer can make in any document come back in the document's terms, never
/// with the serializer's .NET type names.</summary>
public class ConfigJsonMessageTests
{
    private const string Wait = """{ "type": "wait", "id": "w", "hours": 1 }""";

    [Theory]
    [InlineData("""{ "type": "wait", "id": "w", "hours": 1, "note": 1 }""", "{}", "$.steps[0].note", "unknown field \"note\" (check its spelling and where it is placed)")]
    [InlineData("""{ "type": "task", "id": "t", "title": "x", "dueInHours": "x" }""", "{}", "$.steps[0].dueInHours", "must be a whole number, not the text \"x\"")]
    [InlineData(Wait, """{ "minGrade": "z" }""", "$.enrollment.minGrade", "must be one of \"a\", \"b\", \"c\", \"d\", not the text \"z\"")]
    [InlineData(Wait, """{ "sources": "web" }""", "$.enrollment.sources", "must be a list, not the text \"web\"")]
    [InlineData("""{ "type": "wait", "hours": 1 }""", "{}", "$.steps[0]", "required field missing: \"id\"")]
    [InlineData("""{ "type": "branch", "id": "b", "then": "end", "condition": { "clicked": "yes" } }""", "{}", "$.steps[0].condition.clicked", "must be true or false, not the text \"yes\"")]
    public void A_shape_error_is_said_in_document_terms(string step, string enrollment, string path, string reason)
    {
        var json = $$"""{ "kind": "sequence", "schemaVersion": 1, "id": "s", "name": "S", "enrollment": {{enrollment}}, "steps": [ {{step}} ] }""";

        var error = Assert.Single(SequenceDefinition.Load(json).Errors);

        Assert.Equal((path, reason), (error.Path, error.Reason));
    }

    [Fact]
    public void A_wrongly_typed_top_level_field_says_what_it_found()
    {
        var json = $$"""{ "kind": "sequence", "schemaVersion": 1, "id": "s", "name": 5, "enrollment": {}, "steps": [ {{Wait}} ] }""";

        var error = Assert.Single(SequenceDefinition.Load(json).Errors);

        Assert.Equal(("$.name", "must be text (a JSON string), not 5"), (error.Path, error.Reason));
    }
}
