using FunnelAutomation.TestSupport;
using FunnelAutomation.Application.Analytics;
using FunnelAutomation.Application.Tests.Fakes;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Routing;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Application.Tests.Analytics;

/// <summary>The analytics service over the in-memory projection store, the sample configuration and two
/// extra reps (ana: team "north", ben: team "south").</summary>
internal sealed class AnalyticsHarness
{
    private AnalyticsHarness(TestApp app, PipelineDefinition pipeline)
    {
        App = app;
        Pipeline = pipeline;
        Service = new FunnelAnalyticsService(Projection, app.Stores, app.Configuration, app.Clock);
    }

    public TestApp App { get; }

    public PipelineDefinition Pipeline { get; }

    public InMemoryFunnelProjectionStore Projection { get; } = new();

    public FunnelAnalyticsService Service { get; }

    public DateTimeOffset Now => App.Clock.GetUtcNow();

    public static async Task<AnalyticsHarness> CreateAsync()
    {
        var app = await TestApp.CreateAsync();
        await app.Stores.UpsertAsync(new Rep { Id = "ana", Name = "Ana", Email = "ana@seller.example", Team = "north" }, CancellationToken.None);
        await app.Stores.UpsertAsync(new Rep { Id = "ben", Name = "Ben", Email = "ben@seller.example", Team = "south" }, CancellationToken.None);
        var config = await app.Configuration.GetAsync(CancellationToken.None);
        return new AnalyticsHarness(app, config.Pipelines["b2b-standard"]);
    }

    public static Lead NewLead(string id, DateTimeOffset createdAt, string? owner = null, decimal? amount = null, string source = "website", Grade? grade = null) => new()
    {
        Id = id,
        Profile = new LeadProfile { Email = id + "@buyer.example", Source = source },
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
        OwnerRepId = owner,
        Amount = amount,
        Score = grade is { } g ? new LeadScore(40, g, Priority.Medium, [], "t") : null,
    };

    public Lead Enter(Lead lead, DateTimeOffset at) => With(lead, PipelineProgress.Enter(Pipeline, at, "form_submitted"), at);

    public Lead Advance(Lead lead, string stage, DateTimeOffset at) => Moved(lead, PipelineRules.Advance(Pipeline, PipelineProgress.Of(lead)!, stage, at, "rep"), at);

    public Lead Lose(Lead lead, DateTimeOffset at) => Moved(lead, PipelineRules.MarkLost(Pipeline, PipelineProgress.Of(lead)!, "price", at, "rep"), at);

    public Lead? TryMove(Lead lead, StageMove move, DateTimeOffset at) => move.Moved ? With(lead, move.Progress, at) : null;

    /// <summary>Records a life state by state (null → s0 → s1 …) and stores the final lead.</summary>
    public async Task RecordAsync(params Lead[] states)
    {
        Lead? before = null;
        foreach (var state in states)
        {
            await Service.RecordLeadChangeAsync(before, state);
            before = state;
        }

        await App.Stores.UpdateAsync(states[^1].Id, _ => states[^1], CancellationToken.None);
    }

    private static Lead With(Lead lead, PipelineProgress progress, DateTimeOffset at) => lead with
    {
        PipelineId = progress.PipelineId,
        Stage = progress.Stage,
        Status = progress.Status,
        LostReason = progress.LostReason,
        History = progress.History,
        UpdatedAt = at,
    };

    private static Lead Moved(Lead lead, StageMove move, DateTimeOffset at)
    {
        Assert.True(move.Moved, move.Reason);
        return With(lead, move.Progress, at);
    }
}
