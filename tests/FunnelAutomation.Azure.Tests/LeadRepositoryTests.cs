using Azure.Data.Tables;
using FunnelAutomation.Azure.Leads;
using FunnelAutomation.Azure.Storage;
using FunnelAutomation.Core.Leads;
using FunnelAutomation.Core.Pipeline;
using FunnelAutomation.Core.Scoring;

namespace FunnelAutomation.Azure.Tests;

[Collection(UsesAzurite.Name)]
public sealed class LeadRepositoryTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_full_lead_round_trips_with_score_breakdown_owner_stage_and_history()
    {
        var storage = await azurite.NewStorageAsync();
        var lead = SampleLead("ada@example.com");

        await storage.Leads.UpdateAsync(lead.Id, _ => lead);
        var read = await storage.Leads.GetAsync(lead.Id);

        Assert.NotNull(read);
        Assert.Equal(lead.Profile, read.Profile);
        Assert.Equal(lead.Profile.Qualification, read.Profile.Qualification);
        Assert.Equal(lead.Score!.Total, read.Score!.Total);
        Assert.Equal(lead.Score.Breakdown, read.Score.Breakdown);
        Assert.Equal(lead.Score.Grade, read.Score.Grade);
        Assert.Equal(lead.History, read.History);
        Assert.Equal("rep-7", read.OwnerRepId);
        Assert.Equal("default", read.PipelineId);
        Assert.Equal("qualified", read.Stage);
        Assert.Equal(LeadStatus.Open, read.Status);
        Assert.Equal(12_500.50m, read.Amount);
        Assert.Equal(lead.CreatedAt, read.CreatedAt);
        Assert.Equal(lead.UpdatedAt, read.UpdatedAt);
    }

    [Fact]
    public async Task A_lead_is_found_by_any_spelling_of_its_email_with_a_point_read()
    {
        var storage = await azurite.NewStorageAsync();
        var lead = SampleLead("grace@example.com");
        await storage.Leads.UpdateAsync(lead.Id, _ => lead);

        var found = await storage.Leads.FindByEmailAsync("  Grace@EXAMPLE.com ");

        Assert.NotNull(found);
        Assert.Equal(lead.Id, found.Id);
        Assert.Null(await storage.Leads.FindByEmailAsync("nobody@example.com"));
    }

    [Fact]
    public async Task Ten_concurrent_updates_to_one_lead_all_land()
    {
        var storage = await azurite.NewStorageAsync();
        var lead = SampleLead("busy@example.com") with { History = [] };
        await storage.Leads.UpdateAsync(lead.Id, _ => lead);

        var updates = Enumerable.Range(0, 10).Select(i => Task.Run(() => storage.Leads.UpdateAsync(lead.Id, current =>
            current! with { History = [.. current.History, new StageTransition(null, $"stage-{i}", T0.AddMinutes(i), "test")] })));
        await Task.WhenAll(updates);

        var read = await storage.Leads.GetAsync(lead.Id);
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => $"stage-{i}").Order(),
            read!.History.Select(h => h.To).Order());
    }

    [Fact]
    public async Task Concurrent_first_writes_of_a_new_lead_do_not_lose_either_change()
    {
        var storage = await azurite.NewStorageAsync();
        var id = LeadId.ForEmail("new@example.com");

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => storage.Leads.UpdateAsync(id, current =>
            (current ?? new Lead { Id = id, Profile = new LeadProfile { Email = "new@example.com" }, CreatedAt = T0, UpdatedAt = T0 }) is var lead
                ? lead with { History = [.. lead.History, new StageTransition(null, $"s{i}", T0, "test")] }
                : throw new InvalidOperationException()))));

        var read = await storage.Leads.GetAsync(id);
        Assert.Equal(6, read!.History.Count);
    }

    [Fact]
    public async Task Submitting_the_same_email_twice_updates_one_lead_newer_non_empty_fields_win_and_CreatedAt_is_kept()
    {
        var storage = await azurite.NewStorageAsync();
        var first = await storage.Leads.UpsertSubmissionAsync(
            new LeadProfile { Email = "Lin@Example.com", FirstName = "Lin", Company = "Acme", JobTitle = "CTO", Qualification = new Qualification { Budget = 5000m } },
            T0);
        var second = await storage.Leads.UpsertSubmissionAsync(
            new LeadProfile { Email = " lin@example.com", FirstName = "", Company = "Acme GmbH", Phone = "+49 30 1234", Qualification = new Qualification { IsDecisionMaker = true } },
            T0.AddDays(2));

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Lead.Id, second.Lead.Id);
        var read = await storage.Leads.FindByEmailAsync("lin@example.com");
        Assert.NotNull(read);
        Assert.Equal("lin@example.com", read.Profile.Email);
        Assert.Equal("Lin", read.Profile.FirstName);
        Assert.Equal("Acme GmbH", read.Profile.Company);
        Assert.Equal("CTO", read.Profile.JobTitle);
        Assert.Equal("+49 30 1234", read.Profile.Phone);
        Assert.Equal(5000m, read.Profile.Qualification.Budget);
        Assert.True(read.Profile.Qualification.IsDecisionMaker);
        Assert.Equal(T0, read.CreatedAt);
        Assert.Equal(T0.AddDays(2), read.UpdatedAt);
        var all = new List<Lead>();
        await foreach (var lead in storage.Leads.ListAllAsync())
        {
            all.Add(lead);
        }

        Assert.Single(all);
    }

    [Fact]
    public async Task A_history_larger_than_one_column_is_split_and_read_back_whole()
    {
        var storage = await azurite.NewStorageAsync();
        var history = Enumerable.Range(0, 1500)
            .Select(i => new StageTransition($"stage-{i}", $"stage-{i + 1}", T0.AddHours(i), "a cause long enough to take some room " + i))
            .ToList();
        var lead = SampleLead("long@example.com") with { History = history };

        await storage.Leads.UpdateAsync(lead.Id, _ => lead);
        var read = await storage.Leads.GetAsync(lead.Id);

        Assert.True(StorageJson.Serialize(history).Length > 64 * 1024, "the test must exceed one 64 KiB property");
        Assert.Equal(history, read!.History);
    }

    [Fact]
    public async Task A_lead_over_the_entity_limit_is_refused_with_a_reason_before_writing()
    {
        var storage = await azurite.NewStorageAsync();
        var history = Enumerable.Range(0, 12_000)
            .Select(i => new StageTransition($"stage-{i}", $"stage-{i + 1}", T0, new string('x', 40)))
            .ToList();
        var lead = SampleLead("huge@example.com") with { History = history };

        var error = await Assert.ThrowsAsync<EntityTooLargeException>(() => storage.Leads.UpdateAsync(lead.Id, _ => lead));

        Assert.Contains("too large", error.Message);
        Assert.Null(await storage.Leads.GetAsync(lead.Id));
    }

    [Fact]
    public async Task Delete_removes_the_lead()
    {
        var storage = await azurite.NewStorageAsync();
        var lead = SampleLead("gone@example.com");
        await storage.Leads.UpdateAsync(lead.Id, _ => lead);

        Assert.True(await storage.Leads.DeleteAsync(lead.Id));
        Assert.Null(await storage.Leads.GetAsync(lead.Id));
        Assert.False(await storage.Leads.DeleteAsync(lead.Id));
    }

    [Fact]
    public async Task Leads_are_partitioned_by_lead_id_with_queryable_columns()
    {
        var storage = await azurite.NewStorageAsync();
        var lead = SampleLead("cols@example.com");
        await storage.Leads.UpdateAsync(lead.Id, _ => lead);

        var table = new TableClient(azurite.ConnectionString, storage.Names.Leads);
        var entity = (await table.GetEntityAsync<TableEntity>(lead.Id, LeadRepository.RowKey)).Value;

        Assert.Equal("cols@example.com", entity.GetString("Email"));
        Assert.Equal("qualified", entity.GetString("Stage"));
        Assert.Equal(82, entity.GetInt32("ScoreTotal"));
        Assert.Equal("A", entity.GetString("Grade"));
    }

    internal static Lead SampleLead(string email) => new()
    {
        Id = LeadId.ForEmail(email),
        Profile = new LeadProfile
        {
            Email = EmailAddress.Normalize(email),
            FirstName = "Ada",
            LastName = "Lovelace",
            Company = "Analytical Engines Ltd",
            JobTitle = "Head of Engineering",
            Industry = "software",
            Employees = 240,
            Country = "GB",
            Source = "webinar",
            TimeZone = "Europe/London",
            Qualification = new Qualification { Budget = 20_000m, IsDecisionMaker = true, Need = NeedLevel.High, TimelineMonths = 3 },
        },
        CreatedAt = T0,
        UpdatedAt = T0.AddHours(1),
        Score = new LeadScore(82, Grade.A, Priority.High,
        [
            new ScoreContribution("size-large", ScoreCategory.Fit, 20, "201–1,000 employees"),
            new ScoreContribution("budget", ScoreCategory.Qualification, 30, "budget of 20,000 confirmed"),
            new ScoreContribution("webinar", ScoreCategory.Engagement, 32, "attended the webinar"),
        ], "scoring-v3"),
        OwnerRepId = "rep-7",
        PipelineId = "default",
        Stage = "qualified",
        History = [new StageTransition(null, "new", T0, "form_submitted"), new StageTransition("new", "qualified", T0.AddHours(1), "rep")],
        Amount = 12_500.50m,
    };
}
