using Azure.Data.Tables;
using FunnelAutomation.Azure.Actions;
using FunnelAutomation.Azure.Configuration;
using FunnelAutomation.Azure.Email;
using FunnelAutomation.Azure.Idempotency;
using FunnelAutomation.Azure.Leads;
using FunnelAutomation.Azure.Privacy;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Azure.Routing;
using FunnelAutomation.Azure.Storage;

namespace FunnelAutomation.Azure;

/// <summary>Every store and queue of one storage account (and name prefix), wired once: what a host
/// registers in DI. Call <see cref="InitializeAsync"/> at start-up to create the tables and queues.</summary>
public sealed class FunnelStorage
{
    private readonly string _connectionString;
    private readonly TableServiceClient _tables;
    private readonly TimeProvider _time;

    public FunnelStorage(string connectionString, string namePrefix = "", TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        _connectionString = connectionString;
        _time = time ?? TimeProvider.System;
        Names = new StorageNames(namePrefix);
        _tables = new TableServiceClient(connectionString);
        Leads = new LeadRepository(Table(Names.Leads));
        Reps = new RepRepository(Table(Names.Reps));
        ConfigDocuments = new ConfigDocumentStore(Table(Names.ConfigDocuments));
        Actions = new CustomerActionLog(Table(Names.CustomerActions));
        SentEmails = new SentEmailLog(Table(Names.SentEmails), Table(Names.EmailOutbox));
        Suppressions = new SuppressionList(Table(Names.Suppressions), _time);
        Idempotency = new IdempotencyStore(Table(Names.IdempotencyRecords));
        LeadEvents = new Timeline.LeadEventLog(Table(Names.LeadEvents));
    }

    public StorageNames Names { get; }

    public LeadRepository Leads { get; }

    public RepRepository Reps { get; }

    public ConfigDocumentStore ConfigDocuments { get; }

    public CustomerActionLog Actions { get; }

    public SentEmailLog SentEmails { get; }

    public SuppressionList Suppressions { get; }

    public IdempotencyStore Idempotency { get; }

    public Timeline.LeadEventLog LeadEvents { get; }

    /// <summary>Creates every table, every queue of <see cref="QueueNames.All"/> and their poison queues.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        foreach (var table in Names.AllTables)
        {
            await _tables.CreateTableIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
        }

        foreach (var queue in QueueNames.All)
        {
            var name = Names.Queue(queue);
            await QueueClients.ForSending(_connectionString, name).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await QueueClients.ForSending(_connectionString, QueueNames.Poison(name)).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A sender for a logical queue (e.g. <see cref="QueueNames.LeadsIntake"/>); pass
    /// <see cref="QueueClients.RequestPath"/> when an HTTP client waits on the put.</summary>
    public EnvelopeSender Sender(string logicalName, RequestPathRetry? retry = null)
    {
        var name = Names.Queue(logicalName);
        return new EnvelopeSender(QueueClients.ForSending(_connectionString, name, retry), QueueClients.ForSending(_connectionString, QueueNames.Poison(name), retry), _time);
    }

    /// <summary>The poison queue of a logical queue, for a host whose runtime receives the messages itself (the Functions queue triggers).</summary>
    public PoisonRecorder Poison(string logicalName)
    {
        var name = Names.Queue(logicalName);
        return new PoisonRecorder(QueueClients.ForSending(_connectionString, QueueNames.Poison(name)), name, _time);
    }

    /// <summary>A processor for a logical queue, deduplicating by envelope id unless <paramref name="idempotent"/> is false.</summary>
    public QueueProcessor Processor(string logicalName, QueueProcessorOptions? options = null, bool idempotent = true) =>
        new(_connectionString, Names.Queue(logicalName), options, idempotent ? Idempotency : null, _time);

    /// <summary>A client for a queue by its physical name that reads bodies as stored (peeking and counting, as
    /// health does: a message that is not Base64 must not fail the peek).</summary>
    public global::Azure.Storage.Queues.QueueClient QueueClient(string physicalName) => QueueClients.ForReceiving(_connectionString, physicalName);

    /// <summary>A client for one of this storage's tables (by its physical name from <see cref="Names"/>).</summary>
    public TableClient TableClient(string name) => _tables.GetTableClient(name);

    private TableClient Table(string name) => _tables.GetTableClient(name);
}
