using System.Globalization;
using System.Text.Json;
using FunnelAutomation.Host.Background;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunnelAutomation.Host.Tests;

/// <summary>The local queue listeners run with host.json's queue-trigger settings, as the Functions host does.</summary>
public sealed class QueueSettingsTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public void The_listeners_take_batch_size_dequeue_count_retry_delay_and_polling_from_host_json()
    {
        var queues = JsonDocument.Parse(File.ReadAllText(Path.Combine(HostFixture.RepositoryRoot, "host.json"))).RootElement
            .GetProperty("extensions").GetProperty("queues");
        var trigger = host.Services.GetRequiredService<IOptions<QueueTriggerOptions>>().Value;

        var processor = QueueListeners.ProcessorOptions(trigger, host.Services.GetRequiredService<IOptions<FunnelHostOptions>>().Value);

        Assert.Equal(queues.GetProperty("batchSize").GetInt32(), processor.BatchSize);
        Assert.Equal(queues.GetProperty("batchSize").GetInt32() + queues.GetProperty("newBatchThreshold").GetInt32(), processor.MaxConcurrency);
        Assert.Equal(queues.GetProperty("maxDequeueCount").GetInt32(), processor.MaxDequeueCount);
        Assert.Equal(TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, CultureInfo.InvariantCulture), processor.RetryDelay);
        Assert.Equal(TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, CultureInfo.InvariantCulture), processor.MaxPollingInterval);
        Assert.NotEqual(new QueueTriggerOptions().VisibilityTimeout, processor.RetryDelay); // read, not defaulted
    }
}
