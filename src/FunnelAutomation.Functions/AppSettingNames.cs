namespace FunnelAutomation.Functions;

/// <summary>Every app setting this Function App reads, by its environment-variable name (<c>__</c> is the
/// configuration section separator). infra/ must set each one; the Infra tests read this file as text to
/// check that, so keep every name a plain string constant here.</summary>
public static class AppSettingNames
{
    // Host and platform.

    /// <summary>Identity-based host storage (Durable Task hub, timer leases).</summary>
    public const string HostStorageAccountName = "AzureWebJobsStorage__accountName";

    public const string HostStorageCredential = "AzureWebJobsStorage__credential";

    /// <summary>Client id of the user-assigned identity the host authenticates to storage with.</summary>
    public const string HostStorageClientId = "AzureWebJobsStorage__clientId";

    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public const string ApplicationInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    // Product storage and queue triggers.

    /// <summary>Connection string of the account holding the product's tables and queues (a Key Vault reference in Azure).</summary>
    public const string StorageConnectionString = "Storage__ConnectionString";

    /// <summary>Prefix for table and queue names, so several environments can share one account.</summary>
    public const string StorageNamePrefix = "Storage__NamePrefix";

    /// <summary>The connection the queue triggers listen with: the same account as <see cref="StorageConnectionString"/>
    /// (the queues carry the same envelopes the local Host reads). Used as <c>Connection = </c> on the triggers.</summary>
    public const string QueueConnection = "FunnelQueues";

    /// <summary>Physical name of the leads-intake queue (the prefix applied); startup checks it matches the storage names.</summary>
    public const string LeadsIntakeQueue = "LeadsIntakeQueueName";

    /// <summary>Physical name of the customer-actions queue (the prefix applied).</summary>
    public const string CustomerActionsQueue = "CustomerActionsQueueName";

    /// <summary>Physical name of the leads-import queue (batches of imported rows; the prefix applied).</summary>
    public const string LeadsImportQueue = "LeadsImportQueueName";

    // Application options (FunnelOptions, SendGridOptions, ApiOptions).

    /// <summary>Pipeline a lead joins when its submission names none.</summary>
    public const string DefaultPipeline = "Funnel__DefaultPipeline";

    /// <summary>Public base URL of the API; unsubscribe links in emails point here.</summary>
    public const string PublicBaseUrl = "Funnel__PublicBaseUrl";

    /// <summary>HMAC key for unsubscribe tokens (a Key Vault reference in Azure).</summary>
    public const string UnsubscribeSigningKey = "Funnel__UnsubscribeSigningKey";

    /// <summary>SendGrid API key (a Key Vault reference in Azure). Empty: emails go to the dev outbox.</summary>
    public const string SendGridApiKey = "SendGrid__ApiKey";

    public const string SendGridFromEmail = "SendGrid__FromEmail";

    public const string SendGridFromName = "SendGrid__FromName";

    /// <summary>Public key SendGrid signs Event Webhook posts with (ECDSA, base64 DER). Empty: the webhook answers 503.</summary>
    public const string SendGridWebhookPublicKey = "SendGrid__WebhookPublicKey";

    /// <summary>Origins a lead form post may redirect to (comma-separated).</summary>
    public const string AllowedOrigins = "Api__AllowedOrigins";
}
