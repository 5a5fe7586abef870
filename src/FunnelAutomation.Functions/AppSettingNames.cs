namespace FunnelAutomation.Functions;

/// <summary>Every app setting this Function App reads, by its environment-variable name (<c>__</c> is the
/// configuration section separator). infra/ must set each one; the Infra tests read this file as text to
/// check that, so keep every name a plain string constant here.</summary>
public static class AppSettingNames
{
    // Host and platform.

    /// <summary>Identity-based host storage (Durable Task hub, queue triggers, timer leases).</summary>
    public const string HostStorageAccountName = "AzureWebJobsStorage__accountName";

    public const string HostStorageCredential = "AzureWebJobsStorage__credential";

    /// <summary>Client id of the user-assigned identity the host authenticates to storage with.</summary>
    public const string HostStorageClientId = "AzureWebJobsStorage__clientId";

    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public const string ApplicationInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    // Application options (bound by the shared Application/Azure layers).

    /// <summary>Connection string of the account holding the product's tables and queues (a Key Vault reference in Azure).</summary>
    public const string StorageConnectionString = "Storage__ConnectionString";

    /// <summary>Prefix for table and queue names, so several environments can share one account.</summary>
    public const string StorageNamePrefix = "Storage__NamePrefix";

    /// <summary>Pipeline a lead joins when its submission names none.</summary>
    public const string DefaultPipeline = "Funnel__DefaultPipeline";

    /// <summary>Public base URL of the API; unsubscribe links in emails point here.</summary>
    public const string PublicBaseUrl = "Funnel__PublicBaseUrl";

    /// <summary>SendGrid API key (a Key Vault reference in Azure). Empty: emails go to the dev outbox.</summary>
    public const string SendGridApiKey = "SendGrid__ApiKey";

    public const string SendGridFromEmail = "SendGrid__FromEmail";

    public const string SendGridFromName = "SendGrid__FromName";

    /// <summary>Public key SendGrid signs Event Webhook posts with (ECDSA, base64).</summary>
    public const string SendGridWebhookVerificationKey = "SendGrid__WebhookVerificationKey";

    /// <summary>HMAC key for unsubscribe tokens (a Key Vault reference in Azure).</summary>
    public const string UnsubscribeSigningKey = "Unsubscribe__SigningKey";
}
