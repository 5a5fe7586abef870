using System.Text.Json;

namespace FunnelAutomation.Infra.Tests;

public class AppSettingsTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in RepoFiles.AppSettingNames())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void The_setting_names_are_read_from_the_Functions_source()
    {
        var names = RepoFiles.AppSettingNames();

        Assert.Contains("SendGrid__ApiKey", names);
        Assert.Contains("Funnel__DefaultPipeline", names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_setting_the_app_reads_is_set_by_the_Bicep(string name)
    {
        Assert.True(RepoFiles.AppSettingLine(RepoFiles.AllBicep(), name) is not null, $"No app setting '{name}' in infra/**/*.bicep.");
    }

    [Theory]
    [InlineData("SendGrid__ApiKey")]
    [InlineData("Funnel__UnsubscribeSigningKey")]
    [InlineData("FunnelQueues")]
    [InlineData("Storage__ConnectionString")]
    public void Secrets_come_from_Key_Vault_references(string name)
    {
        var line = RepoFiles.AppSettingLine(RepoFiles.AllBicep(), name);

        Assert.NotNull(line);
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Flex_Consumption_settings_that_the_platform_refuses_are_not_set()
    {
        var bicep = RepoFiles.AllBicep();

        // On Flex the runtime is functionAppConfig.runtime; these app settings are rejected there.
        Assert.Null(RepoFiles.AppSettingLine(bicep, "FUNCTIONS_WORKER_RUNTIME"));
        Assert.Null(RepoFiles.AppSettingLine(bicep, "FUNCTIONS_EXTENSION_VERSION"));
        Assert.Null(RepoFiles.AppSettingLine(bicep, "WEBSITE_RUN_FROM_PACKAGE"));
        Assert.Contains("name: 'FC1'", bicep, StringComparison.Ordinal);
        Assert.Contains("name: runtimeName", bicep, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Local_settings_example_covers_every_application_setting(string name)
    {
        // Host identity and telemetry settings are Azure-only; locally AzureWebJobsStorage is Azurite.
        if (name.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal) || name.StartsWith("APPLICATIONINSIGHTS_", StringComparison.Ordinal))
        {
            return;
        }

        using var example = JsonDocument.Parse(RepoFiles.Read("src/FunnelAutomation.Functions/local.settings.json.example"));

        Assert.True(example.RootElement.GetProperty("Values").TryGetProperty(name, out _), $"local.settings.json.example lacks '{name}'.");
    }
}
