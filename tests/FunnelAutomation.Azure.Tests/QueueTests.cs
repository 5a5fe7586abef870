using System.Collections.Concurrent;
using System.Text;
using Azure.Storage.Queues;
using FunnelAutomation.Application.Ports;
using FunnelAutomation.Azure.Queues;

namespace FunnelAutomation.Azure.Tests;

[Collection(UsesAzurite.Name)]
public sealed class QueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_enqueued_envelope_is_handled_and_deleted()
    {
        var storage = await azurite.NewStorageAsync();
        var sender = storage.Sender(QueueNames.LeadsIntake);
        await sender.SendAsync("lead.submitted", "sub-1", new SamplePayload("ada@example.com", 3));
        var seen = new List<(string Type, string Id, SamplePayload Payload)>();

        var result = await storage.Processor(QueueNames.LeadsIntake).ProcessBatchAsync((m, _) =>
        {
            seen.Add((m.Envelope.Type, m.Envelope.Id, m.Envelope.GetPayload<SamplePayload>()));
            return Task.CompletedTask;
        });

        Assert.Equal([("lead.submitted", "sub-1", new SamplePayload("ada@example.com", 3))], seen);
        Assert.Equal(MessageDisposition.Processed, Assert.Single(result.Messages).Disposition);
        Assert.Empty((await RawQueue(storage, QueueNames.LeadsIntake).PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Messages_are_Base64_on_the_wire_like_Azure_Functions_expects()
    {
        var storage = await azurite.NewStorageAsync();
        await storage.Sender(QueueNames.CustomerActions).SendAsync("action", "a-1", new SamplePayload("x", 1));

        var peeked = Assert.Single((await RawQueue(storage, QueueNames.CustomerActions).PeekMessagesAsync()).Value);
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(peeked.MessageText));

        Assert.Contains("\"schemaVersion\":1", json);
        Assert.Contains("\"type\":\"action\"", json);
        Assert.Contains("\"id\":\"a-1\"", json);
        Assert.Contains("\"payload\":{", json);
    }

    [Fact]
    public async Task A_message_that_fails_every_time_goes_to_poison_after_max_dequeue_count_with_the_error()
    {
        var storage = await azurite.NewStorageAsync();
        await storage.Sender(QueueNames.CustomerActions).SendAsync("journey.event", "e-1", new SamplePayload("bad", 0));
        var processor = storage.Processor(QueueNames.CustomerActions, new QueueProcessorOptions { MaxDequeueCount = 3 });
        var attempts = 0;
        var dispositions = new List<MessageDisposition>();

        for (var i = 0; i < 10 && !dispositions.Contains(MessageDisposition.Poisoned); i++)
        {
            var batch = await processor.ProcessBatchAsync((_, _) =>
            {
                attempts++;
                throw new InvalidOperationException("rep service unavailable");
            });
            dispositions.AddRange(batch.Messages.Select(m => m.Disposition));
        }

        Assert.Equal(3, attempts);
        Assert.Equal([MessageDisposition.Retrying, MessageDisposition.Retrying, MessageDisposition.Poisoned], dispositions);
        var poison = Assert.Single(await DrainPoisonAsync(storage, QueueNames.CustomerActions));
        Assert.Contains("failed 3 times", poison.Reason);
        Assert.Contains("InvalidOperationException: rep service unavailable", poison.Reason);
        Assert.Equal(3, poison.DequeueCount);
        Assert.Contains("\"id\":\"e-1\"", poison.GetOriginalText());
        Assert.Empty((await RawQueue(storage, QueueNames.CustomerActions).PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task Malformed_messages_go_to_poison_at_once_and_the_good_ones_around_them_are_processed()
    {
        var storage = await azurite.NewStorageAsync();
        var sender = storage.Sender(QueueNames.LeadsIntake);
        var base64 = new QueueClient(azurite.ConnectionString, storage.Names.Queue(QueueNames.LeadsIntake), new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var plain = RawQueue(storage, QueueNames.LeadsIntake);
        await sender.SendAsync("lead.submitted", "good-1", new SamplePayload("a", 1));
        await base64.SendMessageAsync("this is { not json");
        await plain.SendMessageAsync("plain text, not Base64!");
        await base64.SendMessageAsync("{\"schemaVersion\":7,\"type\":\"lead.submitted\",\"id\":\"future\",\"payload\":{}}");
        await base64.SendMessageAsync("{\"schemaVersion\":1,\"payload\":{}}");
        await sender.SendAsync("lead.submitted", "good-2", new SamplePayload("b", 2));
        var handled = new ConcurrentBag<string>();

        var result = await storage.Processor(QueueNames.LeadsIntake).ProcessBatchAsync((m, _) =>
        {
            handled.Add(m.Envelope.Id);
            return Task.CompletedTask;
        });

        Assert.Equal(["good-1", "good-2"], handled.Order());
        Assert.Equal(2, result.Count(MessageDisposition.Processed));
        Assert.Equal(4, result.Count(MessageDisposition.Poisoned));
        var poison = await DrainPoisonAsync(storage, QueueNames.LeadsIntake);
        Assert.Equal(4, poison.Count);
        Assert.Contains(poison, p => p.Reason.Contains("not valid JSON") && p.GetOriginalText() == "this is { not json");
        Assert.Contains(poison, p => p.Reason.Contains("not Base64") && p.OriginalFormat == PoisonMessage.RawFormat && p.GetOriginalText() == "plain text, not Base64!");
        Assert.Contains(poison, p => p.Reason.Contains("unsupported schemaVersion 7"));
        Assert.Contains(poison, p => p.Reason.Contains("'type' and 'id'"));
        Assert.All(poison, p => Assert.Equal(1, p.DequeueCount));
        Assert.Empty((await plain.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task An_oversized_message_is_not_lost_it_goes_to_poison_with_a_reason_and_the_others_still_flow()
    {
        var storage = await azurite.NewStorageAsync();
        var sender = storage.Sender(QueueNames.CustomerActions);
        await sender.SendAsync("action", "before", new SamplePayload("a", 1));
        var huge = new SamplePayload(string.Concat(Enumerable.Repeat("page visited: /pricing ", 4000)), 2);

        var error = await Assert.ThrowsAsync<MessageTooLargeException>(() => sender.SendAsync("action", "huge", huge));
        await sender.SendAsync("action", "after", new SamplePayload("b", 3));
        var handled = new ConcurrentBag<string>();
        await storage.Processor(QueueNames.CustomerActions).ProcessBatchAsync((m, _) =>
        {
            handled.Add(m.Envelope.Id);
            return Task.CompletedTask;
        });

        Assert.Contains("too large", error.Message);
        Assert.Equal(["after", "before"], handled.Order());
        var poison = Assert.Single(await DrainPoisonAsync(storage, QueueNames.CustomerActions));
        Assert.Contains("message too large", poison.Reason);
        Assert.Contains("65,536", poison.Reason);
        var original = poison.GetOriginalText();
        Assert.True(Encoding.UTF8.GetByteCount(original) > 64 * 1024);
        Assert.Equal(huge, MessageEnvelopeFrom(original).GetPayload<SamplePayload>());
        Assert.False(poison.OriginalTruncated);
    }

    [Fact]
    public async Task A_received_message_over_the_processors_size_limit_goes_to_poison()
    {
        var storage = await azurite.NewStorageAsync();
        var sender = storage.Sender(QueueNames.LeadsIntake);
        await sender.SendAsync("lead.submitted", "big", new SamplePayload(new string('z', 5000), 1));
        await sender.SendAsync("lead.submitted", "small", new SamplePayload("z", 1));
        var handled = new ConcurrentBag<string>();

        await storage.Processor(QueueNames.LeadsIntake, new QueueProcessorOptions { MaxMessageBytes = 2048 }).ProcessBatchAsync((m, _) =>
        {
            handled.Add(m.Envelope.Id);
            return Task.CompletedTask;
        });

        Assert.Equal(["small"], handled);
        var poison = Assert.Single(await DrainPoisonAsync(storage, QueueNames.LeadsIntake));
        Assert.Contains("message too large", poison.Reason);
    }

    [Fact]
    public async Task A_handler_can_reject_a_message_as_non_retryable_and_unknown_types_are_refused()
    {
        var storage = await azurite.NewStorageAsync();
        var sender = storage.Sender(QueueNames.CustomerActions);
        await sender.SendAsync("journey.event", "bad-payload", new { unexpected = true });
        await sender.SendAsync("mystery", "m-1", new SamplePayload("x", 1));
        var attempts = 0;

        await storage.Processor(QueueNames.CustomerActions, new QueueProcessorOptions { KnownTypes = new HashSet<string> { "journey.event" } })
            .ProcessBatchAsync((m, _) =>
            {
                attempts++;
                m.Envelope.GetPayload<StrictPayload>();
                return Task.CompletedTask;
            });

        Assert.Equal(1, attempts);
        var poison = await DrainPoisonAsync(storage, QueueNames.CustomerActions);
        Assert.Contains(poison, p => p.Reason.StartsWith("rejected by the handler", StringComparison.Ordinal) && p.Reason.Contains("StrictPayload"));
        Assert.Contains(poison, p => p.Reason.Contains("unknown message type 'mystery'"));
    }

    [Fact]
    public async Task The_same_message_delivered_twice_has_its_effect_once()
    {
        var storage = await azurite.NewStorageAsync();
        var sender = storage.Sender(QueueNames.CustomerActions);
        var envelope = MessageEnvelope.Create("action", "evt-42", new SamplePayload("clicked", 1));
        await sender.SendAsync(envelope);
        await sender.SendAsync(envelope);
        var processor = storage.Processor(QueueNames.CustomerActions, new QueueProcessorOptions { MaxConcurrency = 1 });
        var effects = 0;

        var first = await processor.ProcessBatchAsync((_, _) =>
        {
            Interlocked.Increment(ref effects);
            return Task.CompletedTask;
        });
        await sender.SendAsync(envelope); // a late redelivery
        var second = await processor.ProcessBatchAsync((_, _) =>
        {
            Interlocked.Increment(ref effects);
            return Task.CompletedTask;
        });

        Assert.Equal(1, effects);
        Assert.Equal(1, first.Count(MessageDisposition.Processed));
        Assert.Equal(1, first.Count(MessageDisposition.Duplicate));
        Assert.Equal(MessageDisposition.Duplicate, Assert.Single(second.Messages).Disposition);
        Assert.Empty((await RawQueue(storage, QueueNames.CustomerActions).PeekMessagesAsync()).Value);
    }

    [Fact]
    public async Task Concurrent_duplicates_in_one_batch_still_have_one_effect()
    {
        var storage = await azurite.NewStorageAsync();
        var sender = storage.Sender(QueueNames.CustomerActions);
        var envelope = MessageEnvelope.Create("action", "evt-race", new SamplePayload("clicked", 1));
        for (var i = 0; i < 4; i++)
        {
            await sender.SendAsync(envelope);
        }

        var effects = 0;
        var result = await storage.Processor(QueueNames.CustomerActions, new QueueProcessorOptions { MaxConcurrency = 4 }).ProcessBatchAsync(async (_, ct) =>
        {
            Interlocked.Increment(ref effects);
            await Task.Delay(50, ct);
        });

        Assert.Equal(1, effects);
        Assert.Equal(1, result.Count(MessageDisposition.Processed));
        Assert.Equal(3, result.Count(MessageDisposition.Duplicate) + result.Count(MessageDisposition.Deferred));
    }

    [Fact]
    public async Task A_timer_message_stays_invisible_until_its_delay_passes()
    {
        var storage = await azurite.NewStorageAsync();
        var timers = storage.Sender(QueueNames.LeadsIntake);

        await timers.SendAsync("journey.timer", "t-1", new SamplePayload("wake", 1), visibilityDelay: TimeSpan.FromHours(1));
        await timers.SendAsync("journey.timer", "t-2", new SamplePayload("wake", 2));

        var handled = new List<string>();
        await storage.Processor(QueueNames.LeadsIntake).ProcessBatchAsync((m, _) =>
        {
            handled.Add(m.Envelope.Id);
            return Task.CompletedTask;
        });
        Assert.Equal(["t-2"], handled);
        var properties = await RawQueue(storage, QueueNames.LeadsIntake).GetPropertiesAsync();
        Assert.Equal(1, properties.Value.ApproximateMessagesCount);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => timers.SendAsync("journey.timer", "t-3", new SamplePayload("late", 3), TimeSpan.FromDays(8)));
    }

    private static MessageEnvelope MessageEnvelopeFrom(string json) =>
        MessageEnvelope.TryParse(json, out var envelope, out var error) ? envelope! : throw new InvalidOperationException(error);

    private QueueClient RawQueue(FunnelStorage storage, string logical) =>
        QueueClients.ForReceiving(azurite.ConnectionString, storage.Names.Queue(logical));

    private async Task<List<PoisonMessage>> DrainPoisonAsync(FunnelStorage storage, string logical)
    {
        var poison = QueueClients.ForSending(azurite.ConnectionString, QueueNames.Poison(storage.Names.Queue(logical)));
        var messages = (await poison.ReceiveMessagesAsync(32)).Value;
        return messages.Select(m => PoisonMessage.Parse(m.MessageText)).ToList();
    }

    public sealed record SamplePayload(string Text, int Number);

    public sealed record StrictPayload(string Required)
    {
        public required string Name { get; init; }
    }
}
