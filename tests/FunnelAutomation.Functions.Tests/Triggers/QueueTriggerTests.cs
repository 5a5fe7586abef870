using FunnelAutomation.Application.Leads;
using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Functions.Queues;
using FunnelAutomation.Functions.Tests.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace FunnelAutomation.Functions.Tests.Triggers;

/// <summary>The queue triggers over the app's own composition on Azurite: a message that can never succeed is
/// moved to the poison queue at once, with its reason and the trigger's metadata, and the invocation completes
/// (so the runtime deletes it) instead of failing <c>maxDequeueCount</c> times first.</summary>
public sealed class QueueTriggerTests(TriggerFixture fixture) : IClassFixture<TriggerFixture>
{
    private static readonly DateTimeOffset Inserted = new(2026, 12, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_malformed_intake_message_goes_to_the_poison_queue_at_once_with_its_reason()
    {
        var triggers = fixture.Trigger<QueueFunctions>();
        var id = "msg-" + Guid.NewGuid().ToString("N");

        await triggers.ProcessLeadAsync("{not an envelope", Client(), Context(id, dequeueCount: 1), CancellationToken.None);

        var poisoned = await PoisonedAsync(QueueNames.LeadsIntake, id);
        Assert.Contains("rejected:", poisoned.Reason, StringComparison.Ordinal);
        Assert.Equal("{not an envelope", poisoned.GetOriginalText());
        Assert.Equal(1, poisoned.DequeueCount);
        Assert.Equal(Inserted, poisoned.InsertedOn);
        Assert.EndsWith(QueueNames.LeadsIntake, poisoned.Queue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submission_with_an_invalid_field_is_poisoned_naming_the_field()
    {
        var triggers = fixture.Trigger<QueueFunctions>();
        var id = "msg-" + Guid.NewGuid().ToString("N");
        var submission = new LeadSubmitted("sub-" + id, new Dictionary<string, string?> { ["email"] = "not-an-address", ["company"] = "Acme" }, Inserted);
        var json = MessageEnvelope.Create(LeadSubmitted.MessageType, submission.SubmissionId, submission, Inserted).ToJson();

        await triggers.ProcessLeadAsync(json, Client(), Context(id, dequeueCount: 1), CancellationToken.None);

        var poisoned = await PoisonedAsync(QueueNames.LeadsIntake, id);
        Assert.Contains("email", poisoned.Reason, StringComparison.Ordinal);
        Assert.Equal(json, poisoned.GetOriginalText());
    }

    [Fact]
    public async Task A_customer_action_of_another_type_is_poisoned_on_the_actions_queue()
    {
        var triggers = fixture.Trigger<QueueFunctions>();
        var id = "msg-" + Guid.NewGuid().ToString("N");
        var json = MessageEnvelope.Create("something-else", id, new { a = 1 }, Inserted).ToJson();

        await triggers.ProcessActionAsync(json, Client(), Context(id, dequeueCount: 2), CancellationToken.None);

        var poisoned = await PoisonedAsync(QueueNames.CustomerActions, id);
        Assert.Contains("something-else", poisoned.Reason, StringComparison.Ordinal);
        Assert.Equal(2, poisoned.DequeueCount);
    }

    [Fact]
    public async Task An_import_message_of_another_type_is_poisoned_on_the_import_queue()
    {
        var triggers = fixture.Trigger<QueueFunctions>();
        var id = "msg-" + Guid.NewGuid().ToString("N");
        var json = MessageEnvelope.Create(LeadSubmitted.MessageType, id, new { a = 1 }, Inserted).ToJson();

        await triggers.ProcessImportAsync(json, Client(), Context(id, dequeueCount: 1), CancellationToken.None);

        var poisoned = await PoisonedAsync(QueueNames.LeadsImport, id);
        Assert.Contains("lead-import-batch", poisoned.Reason, StringComparison.Ordinal);
    }

    private async Task<PoisonMessage> PoisonedAsync(string logicalQueue, string messageId)
    {
        var names = fixture.Services.GetRequiredService<FunnelStorage>().Names;
        var queue = QueueClients.ForSending(fixture.ConnectionString, QueueNames.Poison(names.Queue(logicalQueue)));
        var peeked = await queue.PeekMessagesAsync(32);
        var records = peeked.Value.Select(m => PoisonMessage.Parse(m.MessageText)).ToList();
        return Assert.Single(records, r => r.MessageId == messageId);
    }

    private static DurableTaskClient Client() => new Mock<DurableTaskClient>("test").Object;

    private static FunctionContext Context(string id, long dequeueCount)
    {
        var data = new Dictionary<string, object?>
        {
            ["Id"] = id,
            ["DequeueCount"] = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["InsertionTime"] = "\"" + Inserted.ToString("O") + "\"",
        };
        var binding = new Mock<BindingContext>();
        binding.Setup(b => b.BindingData).Returns(data);
        var context = new Mock<FunctionContext>();
        context.Setup(c => c.BindingContext).Returns(binding.Object);
        return context.Object;
    }
}
