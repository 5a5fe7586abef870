using Azure.Data.Tables;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Azure.Idempotency;
using FunnelAutomation.Azure.Privacy;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Leads;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Azure.Tests;

[Collection(UsesAzurite.Name)]
public sealed class ActivityTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Actions_are_listed_in_time_order_whatever_the_order_they_arrived_in()
    {
        var storage = await azurite.NewStorageAsync();
        var leadId = LeadId.ForEmail("act@example.com");
        await storage.Actions.AppendAsync(leadId, new CustomerAction("a3", CustomerActionTypes.MeetingBooked, T0.AddHours(3)));
        await storage.Actions.AppendAsync(leadId, new CustomerAction("a1", CustomerActionTypes.EmailOpened, T0.AddHours(1)) { Data = new Dictionary<string, string> { ["step"] = "welcome" } });
        await storage.Actions.AppendAsync(leadId, new CustomerAction("a2/with?odd#chars", CustomerActionTypes.PageVisited, T0.AddHours(2), Url: "https://example.com/pricing"));

        var actions = await storage.Actions.ListAsync(leadId);

        Assert.Equal(["a1", "a2/with?odd#chars", "a3"], actions.Select(a => a.Id));
        Assert.Equal("welcome", actions[0].Data["step"]);
        Assert.Equal("https://example.com/pricing", actions[1].Url);
        Assert.Equal(["a2/with?odd#chars", "a3"], (await storage.Actions.ListAsync(leadId, since: T0.AddHours(2))).Select(a => a.Id));
    }

    [Fact]
    public async Task Lead_events_written_together_are_recorded_once_each_even_when_one_was_recorded_before()
    {
        var storage = await azurite.NewStorageAsync();
        var leadId = LeadId.ForEmail("events@example.com");
        var scored = new LeadEvent(leadId, leadId + ":scored", "scored", T0, "scored 70") { Details = ["fit: +40"] };
        var routed = new LeadEvent(leadId, leadId + ":routed", "routed", T0.AddSeconds(1), "routed to rep-1");

        await storage.LeadEvents.AppendAllAsync([scored, routed], default);
        // A redelivered intake: one recorded before, one new (the transaction is refused whole, then added one by one).
        var reactivated = new LeadEvent(leadId, leadId + ":reactivated", "reactivated", T0.AddSeconds(2), "reactivated");
        await storage.LeadEvents.AppendAllAsync([routed with { Summary = "a second routing" }, reactivated], default);

        var events = await storage.LeadEvents.ListAsync(leadId, default);
        Assert.Equal(["scored 70", "routed to rep-1", "reactivated"], events.Select(e => e.Summary));
        Assert.Equal(["fit: +40"], events[0].Details);
    }

    [Fact]
    public async Task Appending_an_action_id_twice_records_it_once()
    {
        var storage = await azurite.NewStorageAsync();
        var leadId = LeadId.ForEmail("dup@example.com");
        var action = new CustomerAction("evt-1", CustomerActionTypes.EmailClicked, T0);

        Assert.True(await storage.Actions.AppendAsync(leadId, action));
        Assert.False(await storage.Actions.AppendAsync(leadId, action));
        Assert.False(await storage.Actions.AppendAsync(leadId, action with { OccurredAt = T0.AddMinutes(5) }));

        Assert.Single(await storage.Actions.ListAsync(leadId));
        Assert.True(await storage.Actions.ContainsAsync(leadId, "evt-1"));
    }

    [Fact]
    public async Task A_batch_of_actions_lands_in_transactions_and_skips_the_ones_already_recorded()
    {
        var storage = await azurite.NewStorageAsync();
        var leadId = LeadId.ForEmail("batch@example.com");
        await storage.Actions.AppendAsync(leadId, new CustomerAction("b-5", CustomerActionTypes.PageVisited, T0.AddMinutes(5)));
        var batch = Enumerable.Range(0, 120)
            .Select(i => new CustomerAction($"b-{i}", CustomerActionTypes.PageVisited, T0.AddMinutes(i)))
            .Append(new CustomerAction("b-7", CustomerActionTypes.PageVisited, T0.AddMinutes(7)))
            .ToList();

        var appended = await storage.Actions.AppendManyAsync(leadId, batch);

        Assert.Equal(119, appended);
        var listed = await storage.Actions.ListAsync(leadId);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => $"b-{i}"), listed.Select(a => a.Id));
        Assert.Equal(0, await storage.Actions.AppendManyAsync(leadId, batch));
    }

    [Fact]
    public async Task A_sent_email_is_recorded_once_per_step_key()
    {
        var storage = await azurite.NewStorageAsync();
        var email = Email("lead-1", "welcome/1/intro", T0, "Welcome");

        Assert.True(await storage.SentEmails.TryRecordAsync(email));
        Assert.False(await storage.SentEmails.TryRecordAsync(email with { Subject = "Welcome again", SentAt = T0.AddHours(1) }));

        var read = await storage.SentEmails.GetAsync("lead-1", "welcome/1/intro");
        Assert.Equal("Welcome", read!.Subject);
        Assert.Equal("<p>Hello</p>", read.HtmlBody);
        Assert.Single(await storage.SentEmails.ListForLeadAsync("lead-1"));
        Assert.Single(await storage.SentEmails.ListOutboxAsync());
    }

    [Fact]
    public async Task The_dev_outbox_lists_emails_across_leads_newest_first_across_days_and_buckets()
    {
        var storage = await azurite.NewStorageAsync();
        var sent = new List<SentEmail>();
        for (var i = 0; i < 40; i++)
        {
            // Spread over several days and many leads (so several outbox buckets), recorded out of order.
            var at = T0.AddHours((i * 7) % 40 * 5);
            sent.Add(Email($"lead-{i % 13}", $"step-{i}", at, $"subject {i}"));
        }

        foreach (var email in sent.OrderBy(e => e.StepKey.GetHashCode(StringComparison.Ordinal)))
        {
            await storage.SentEmails.TryRecordAsync(email);
        }

        var outbox = await storage.SentEmails.ListOutboxAsync(take: 15);

        Assert.Equal(sent.OrderByDescending(e => e.SentAt).Take(15).Select(e => e.StepKey), outbox.Select(o => o.StepKey));
        Assert.Equal(40, (await storage.SentEmails.ListOutboxAsync(take: 100)).Count);
        var forLead = await storage.SentEmails.ListForLeadAsync("lead-0");
        Assert.Equal(forLead.OrderByDescending(e => e.SentAt).Select(e => e.StepKey), forLead.Select(e => e.StepKey));
    }

    [Fact]
    public async Task Suppression_stores_only_the_hash_and_is_checked_by_any_spelling()
    {
        var storage = await azurite.NewStorageAsync();

        Assert.True(await storage.Suppressions.SuppressAsync("Unsub@Example.com", "unsubscribed", T0));
        Assert.False(await storage.Suppressions.SuppressAsync("unsub@example.com", "bounced", T0.AddDays(1)));

        Assert.True(await storage.Suppressions.IsSuppressedAsync(" unsub@example.com "));
        Assert.False(await storage.Suppressions.IsSuppressedAsync("other@example.com"));
        var entry = await storage.Suppressions.GetAsync("unsub@example.com");
        Assert.Equal("unsubscribed", entry!.Reason);
        Assert.Equal(SuppressionList.HashEmail("unsub@example.com"), entry.EmailHash);
        Assert.Equal(64, entry.EmailHash.Length);
    }

    [Fact]
    public async Task Erasing_a_person_removes_lead_actions_emails_and_journey_and_suppresses_them_by_hash_only()
    {
        var time = new FakeTimeProvider(T0.AddDays(30));
        var storage = await azurite.NewStorageAsync(time);
        const string email = "erase.me@example.com";
        var lead = LeadRepositoryTests.SampleLead(email);
        await storage.Leads.UpdateAsync(lead.Id, _ => lead);
        await storage.Actions.AppendManyAsync(lead.Id, [new CustomerAction("x1", CustomerActionTypes.EmailOpened, T0), new CustomerAction("x2", CustomerActionTypes.Replied, T0.AddHours(1))]);
        await storage.SentEmails.TryRecordAsync(Email(lead.Id, "welcome/1/a", T0, "Hi") with { To = email });
        await storage.SentEmails.TryRecordAsync(Email(lead.Id, "welcome/1/b", T0.AddDays(2), "Again") with { To = email });
        await storage.Idempotency.TryInsertAsync(lead.Id + ":welcome-nurture-v1-1:welcome", "sent", T0);
        await storage.Idempotency.TryInsertAsync("email-sent:" + lead.Id + ":welcome-nurture-v1-1:welcome", "sent", T0);
        var journeys = new ErasedJourneys();
        var eraser = new PersonalDataEraser(storage.Leads, storage.Actions, storage.SentEmails, journeys, storage.Suppressions, time, storage.Idempotency);
        var bystander = LeadRepositoryTests.SampleLead("keep@example.com");
        await storage.Leads.UpdateAsync(bystander.Id, _ => bystander);
        await storage.SentEmails.TryRecordAsync(Email(bystander.Id, "welcome/1/a", T0, "Hi"));
        await storage.Idempotency.TryInsertAsync(bystander.Id + ":welcome-nurture-v1-1:welcome", "sent", T0);

        var report = await eraser.ErasePersonAsync("Erase.Me@example.com");

        Assert.Equal(new ErasureReport(lead.Id, true, 2, 2, true), report);
        Assert.Null(await storage.Leads.GetAsync(lead.Id));
        Assert.Empty(await storage.Actions.ListAsync(lead.Id));
        Assert.Empty(await storage.SentEmails.ListForLeadAsync(lead.Id));
        Assert.Equal([lead.Id], journeys.Erased);
        Assert.Null(await storage.Idempotency.GetAsync(lead.Id + ":welcome-nurture-v1-1:welcome"));
        Assert.Null(await storage.Idempotency.GetAsync("email-sent:" + lead.Id + ":welcome-nurture-v1-1:welcome"));
        Assert.NotNull(await storage.Idempotency.GetAsync(bystander.Id + ":welcome-nurture-v1-1:welcome"));
        Assert.True(await storage.Suppressions.IsSuppressedAsync(email));
        Assert.Equal(T0.AddDays(30), (await storage.Suppressions.GetAsync(email))!.At);
        var outbox = await storage.SentEmails.ListOutboxAsync();
        Assert.Equal([bystander.Id], outbox.Select(o => o.LeadId));
        Assert.NotNull(await storage.Leads.GetAsync(bystander.Id));

        // No table row anywhere still holds the address.
        foreach (var name in storage.Names.AllTables)
        {
            await foreach (var row in new TableClient(azurite.ConnectionString, name).QueryAsync<TableEntity>())
            {
                foreach (var (key, value) in row)
                {
                    Assert.DoesNotContain(email, value?.ToString() ?? string.Empty, StringComparison.OrdinalIgnoreCase);
                }

                Assert.DoesNotContain(email, row.PartitionKey + row.RowKey, StringComparison.OrdinalIgnoreCase);
            }
        }

        // Erasing again is harmless.
        Assert.Equal(new ErasureReport(lead.Id, false, 0, 0, false), await eraser.ErasePersonAsync(email));
    }

    [Fact]
    public async Task A_new_signup_lifts_only_an_erasure_suppression()
    {
        var storage = await azurite.NewStorageAsync();
        await storage.Suppressions.SuppressAsync("erased@example.com", PersonalDataEraser.ErasureReason, T0);
        await storage.Suppressions.SuppressAsync("unsub@example.com", "unsubscribed", T0);

        // What it answers is what the new lead's welcome is sent on, without a second lookup.
        Assert.False(await storage.Suppressions.LiftErasureAsync("Erased@example.com", CancellationToken.None));
        Assert.True(await storage.Suppressions.LiftErasureAsync("unsub@example.com", CancellationToken.None));
        Assert.False(await storage.Suppressions.LiftErasureAsync("never@example.com", CancellationToken.None));

        Assert.False(await storage.Suppressions.IsSuppressedAsync("erased@example.com"));
        Assert.True(await storage.Suppressions.IsSuppressedAsync("unsub@example.com"));
    }

    /// <summary>The journey side of an erase, recorded (the engine's purge is tested on the Host).</summary>
    private sealed class ErasedJourneys : Application.Ports.IJourneyRunner
    {
        public List<string> Erased { get; } = [];

        public Task StartAsync(Core.Journeys.JourneyStarted started, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RaiseAsync(string leadId, Core.Journeys.JourneyInput input, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<Core.Journeys.JourneyState?> GetStateAsync(string leadId, CancellationToken cancellationToken) => Task.FromResult<Core.Journeys.JourneyState?>(null);

        public Task<bool> EraseAsync(string leadId, CancellationToken cancellationToken)
        {
            var first = !Erased.Contains(leadId);
            Erased.Add(leadId);
            return Task.FromResult(first);
        }
    }

    [Fact]
    public async Task Idempotency_records_are_insert_if_absent()
    {
        var storage = await azurite.NewStorageAsync();

        Assert.True(await storage.Idempotency.TryInsertAsync("webhook/evt 1", "ok", T0));
        Assert.False(await storage.Idempotency.TryInsertAsync("webhook/evt 1", "second", T0.AddMinutes(1)));

        var record = await storage.Idempotency.GetAsync("webhook/evt 1");
        Assert.Equal("ok", record!.Outcome);
        Assert.True(record.Completed);
        Assert.Null(await storage.Idempotency.GetAsync("never"));
    }

    [Fact]
    public async Task An_idempotency_claim_is_exclusive_until_released_completed_or_expired()
    {
        var storage = await azurite.NewStorageAsync();
        var store = storage.Idempotency;

        var first = await store.TryClaimAsync("k", T0, TimeSpan.FromMinutes(5));
        Assert.Equal(IdempotencyClaimStatus.Claimed, first.Status);
        Assert.Equal(IdempotencyClaimStatus.InProgress, (await store.TryClaimAsync("k", T0.AddMinutes(1), TimeSpan.FromMinutes(5))).Status);

        await store.ReleaseAsync(first);
        var second = await store.TryClaimAsync("k", T0.AddMinutes(2), TimeSpan.FromMinutes(5));
        Assert.Equal(IdempotencyClaimStatus.Claimed, second.Status);

        // The holder crashed: after the lease another worker takes over.
        var takeover = await store.TryClaimAsync("k", T0.AddMinutes(8), TimeSpan.FromMinutes(5));
        Assert.Equal(IdempotencyClaimStatus.Claimed, takeover.Status);

        await store.CompleteAsync("k", "done-by-takeover", T0.AddMinutes(9));
        var after = await store.TryClaimAsync("k", T0.AddMinutes(20), TimeSpan.FromMinutes(5));
        Assert.Equal(IdempotencyClaimStatus.Completed, after.Status);
        Assert.Equal("done-by-takeover", after.Outcome);
    }

    private static SentEmail Email(string leadId, string stepKey, DateTimeOffset at, string subject) => new()
    {
        LeadId = leadId,
        StepKey = stepKey,
        To = leadId + "@example.com",
        Subject = subject,
        SentAt = at,
        HtmlBody = "<p>Hello</p>",
        Channel = "dev-outbox",
    };
}
