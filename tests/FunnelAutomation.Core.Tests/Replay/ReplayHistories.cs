using System.Globalization;
using System.Text.Json.Nodes;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Replay;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;
using FunnelAutomation.Core.Tests.Routing;
using FunnelAutomation.Core.Tests.TestSupport;

namespace FunnelAutomation.Core.Tests.Replay;

/// <summary>Configurations and hand-made histories for the what-if replay tests.</summary>
internal static class ReplayHistories
{
    // Monday 2 March 2026, 10:00 UTC: inside the send window in Europe and before it in the US.
    public static readonly DateTimeOffset Monday = DateTimeOffset.Parse("2026-03-02T10:00:00Z", CultureInfo.InvariantCulture);

    public static readonly PipelineDefinition Pipeline = PipelineDefinition.Load(Samples.Read("pipelines/b2b-standard.json")).Value;

    /// <summary>EMEA has a rep for France and one for Germany and Britain; NA has one rep. Each lead has exactly one
    /// eligible rep, so who gets it never depends on order.</summary>
    public static readonly Rep[] Reps =
    [
        RoutingTestData.Rep("emea-fr", team: "EMEA", territories: ["FR"]),
        RoutingTestData.Rep("emea-de", team: "EMEA", territories: ["DE", "GB"]),
        RoutingTestData.Rep("na-1", team: "NA"),
    ];

    public static string Routing(string emea, string na) => $$"""
        {
          "kind": "routing", "schemaVersion": 1, "fallbackQueue": "unassigned",
          "regions": { "EMEA": [{{emea}}], "NA": [{{na}}] },
          "rules": [
            { "name": "EMEA", "match": { "regions": ["EMEA"] }, "team": "EMEA", "strategy": "leastLoaded" },
            { "name": "NA", "match": { "regions": ["NA"] }, "team": "NA", "strategy": "roundRobin" }
          ]
        }
        """;

    public static readonly string ActiveRouting = Routing("\"FR\", \"DE\", \"GB\"", "\"US\", \"CA\"");

    /// <summary>France moved from team EMEA to team NA.</summary>
    public static readonly string FranceToNa = Routing("\"DE\", \"GB\"", "\"US\", \"CA\", \"FR\"");

    public static string ActiveScoring => Samples.Read("scoring.json");

    public static string ActiveSequence => Samples.Read("sequences/welcome-nurture.json");

    public static ReplayConfiguration Config(string? routing = null, string? scoring = null, string? sequence = null)
    {
        var router = LeadRouter.Create(RoutingRules.Load(routing ?? ActiveRouting).Value, Reps).Value;
        var welcome = SequenceDefinition.Load(sequence ?? ActiveSequence).Value;
        return new ReplayConfiguration(
            new Dictionary<string, PipelineDefinition> { [Pipeline.Id] = Pipeline },
            Pipeline.Id,
            new LeadScorer(ScoringModel.Load(scoring ?? ActiveScoring).Value),
            router,
            new SequenceCatalog([welcome]),
            JourneySettings.Default);
    }

    /// <summary>A document with one change made through its JSON, as a marketer edits it.</summary>
    public static string Edit(string json, Action<JsonObject> change)
    {
        var node = JsonNode.Parse(json, documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true })!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    public static LeadHistory Lead(int i, string country, DateTimeOffset at, int employees = 500, string title = "Manager", params (string Type, TimeSpan After, string? Url)[] actions)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"ld_{i:D4}");
        var profile = new LeadProfile
        {
            Email = $"p{i}@company{i}.example",
            FirstName = "P" + i,
            Company = "Company " + i,
            Country = country,
            Employees = employees,
            JobTitle = title,
            Industry = "software",
        };
        List<CustomerAction> log = [new CustomerAction(id + ":form", CustomerActionTypes.FormSubmitted, at)];
        log.AddRange(actions.Select((a, k) => new CustomerAction($"{id}:{k}", a.Type, at + a.After, a.Url,
            Reason: a.Type == CustomerActionTypes.DealLost ? "price" : null)));
        var lead = new Lead { Id = id, Profile = profile, CreatedAt = at, UpdatedAt = at, PipelineId = Pipeline.Id, Stage = Pipeline.FirstStage.Id };
        return new LeadHistory(lead, log);
    }

    public static WhatIfReport RunReplay(ReplayConfiguration baseline, ReplayConfiguration candidate, IEnumerable<LeadHistory> history, DateTimeOffset to)
    {
        var replay = new WhatIfReplay(baseline, candidate, DateTimeOffset.MinValue, to);
        foreach (var lead in history)
        {
            replay.Add(lead);
        }

        return replay.Run();
    }
}
