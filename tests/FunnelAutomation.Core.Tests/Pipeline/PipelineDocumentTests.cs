using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Tests.TestSupport;

namespace FunnelAutomation.Core.Tests.Pipeline;

public class PipelineDocumentTests
{
    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Samples.Files("pipelines"))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Every_sample_pipeline_loads_and_ends_in_a_won_stage(string file)
    {
        var result = PipelineDefinition.Load(Samples.Read(Path.Combine("pipelines", file)));

        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        Assert.True(result.Value.WonStage.Won);
        Assert.Equal(1m, result.Value.WonStage.Probability);
    }

    [Fact]
    public void The_three_seed_pipelines_are_shipped_with_their_stages()
    {
        var ids = Samples.Files("pipelines")
            .Select(f => PipelineDefinition.Load(File.ReadAllText(f)).Value)
            .ToDictionary(p => p.Id, p => p.Stages.Select(s => s.Id).ToArray());

        Assert.Equal(["relationship-established", "visit-scheduled", "visit-completed", "solution-agreed", "proposal-sent", "won"], ids["relationship-visits"]);
        Assert.Equal(["prospect", "initial-contact", "needs-confirmed", "solution-proposed", "quote-negotiation", "won"], ids["b2b-standard"]);
        Assert.Equal(["prospecting", "qualification", "proposal", "negotiation", "closed"], ids["deal-pipeline"]);
    }

    [Fact]
    public void An_invalid_document_is_rejected_whole_with_every_error_and_its_path()
    {
        const string json = """
        {
          "kind": "pipeline", "schemaVersion": 1, "id": "bad id", "name": "",
          "stages": [
            { "id": "a", "name": "A", "probability": 0.5, "enteredBy": ["meeting_booked", "teleported"] },
            { "id": "a", "name": "A again", "probability": 0.2, "normDays": 0, "enteredBy": ["meeting_booked"] },
            { "id": "lost", "name": "Lost", "probability": 0.9, "won": true },
            { "id": "end", "name": "End", "probability": 1.5 }
          ],
          "lostReasons": [ { "code": "x", "name": "X" }, { "code": "x", "name": "" } ]
        }
        """;

        var result = PipelineDefinition.Load(json);

        Assert.False(result.IsSuccess);
        var paths = result.Errors.Select(e => e.Path).ToHashSet();
        Assert.Contains("$.id", paths);
        Assert.Contains("$.name", paths);
        Assert.Contains("$.stages[0].enteredBy[1]", paths);
        Assert.Contains("$.stages[1].id", paths);
        Assert.Contains("$.stages[1].probability", paths);
        Assert.Contains("$.stages[1].normDays", paths);
        Assert.Contains("$.stages[1].enteredBy[0]", paths);
        Assert.Contains("$.stages[2].id", paths);
        Assert.Contains("$.stages[2].won", paths);
        Assert.Contains("$.stages[3].probability", paths);
        Assert.Contains("$.stages[3].won", paths);
        Assert.Contains("$.lostReasons[1].code", paths);
        Assert.Contains("$.lostReasons[1].name", paths);
        Assert.Contains(result.Errors, e => e.Path == "$.stages[0].enteredBy[1]" && e.Reason.Contains("teleported", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "kind": "pipeline", "schemaVersion": 1, "id": "p", "name": "P", "stages": [], "colour": "red" }""", "$.colour")]
    [InlineData("""{ "kind": "pipeline", "schemaVersion": 1, "id": "p", "name": "P", "stages": [ { "id": "a", "name": "A", "probability": "high" } ] }""", "$.stages[0].probability")]
    [InlineData("""{ "kind": "scoring", "schemaVersion": 1 }""", "$.kind")]
    [InlineData("""{ "kind": "pipeline", "schemaVersion": 7 }""", "$.schemaVersion")]
    [InlineData("""{ "kind": "pipeline", "schemaVersion": 1, "id": "p", """, "$")]
    [InlineData("""{ "kind": "pipeline", "schemaVersion": 1, "name": "P", "stages": [] }""", "$")]
    public void Shape_errors_name_their_path(string json, string expectedPath)
    {
        var result = PipelineDefinition.Load(json);

        Assert.False(result.IsSuccess);
        Assert.Contains(result.Errors, e => e.Path == expectedPath);
        Assert.All(result.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
    }
}
