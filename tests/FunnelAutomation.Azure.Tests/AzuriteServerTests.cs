using Azure.Data.Tables;
using FunnelAutomation.TestSupport;

namespace FunnelAutomation.Azure.Tests;

[Collection(UsesAzurite.Name)]
public sealed class AzuriteServerTests(AzuriteFixture azurite)
{
    [Fact]
    public void The_connection_string_names_the_emulator_account_and_the_chosen_ports()
    {
        var server = azurite.Server;

        Assert.Contains("AccountName=devstoreaccount1", server.ConnectionString);
        Assert.Contains($"TableEndpoint=http://127.0.0.1:{server.TablePort}/devstoreaccount1", server.ConnectionString);
        Assert.Contains($"QueueEndpoint=http://127.0.0.1:{server.QueuePort}/devstoreaccount1", server.ConnectionString);
        Assert.Equal(3, new[] { server.BlobPort, server.QueuePort, server.TablePort }.Distinct().Count());
    }

    [Fact]
    public async Task The_emulator_answers_table_requests()
    {
        var tables = new TableServiceClient(azurite.ConnectionString);
        var name = azurite.NewPrefix() + "Probe";

        await tables.CreateTableIfNotExistsAsync(name);

        var found = new List<string>();
        await foreach (var table in tables.QueryAsync(t => t.Name == name))
        {
            found.Add(table.Name);
        }

        Assert.Equal([name], found);
    }

    [Fact]
    public void The_repository_root_is_found_from_the_test_assembly()
    {
        var root = AzuriteServer.FindRepositoryRoot();

        Assert.NotNull(root);
        Assert.True(File.Exists(Path.Combine(root, "FunnelAutomation.sln")));
    }

    [Fact]
    public async Task Without_npm_ci_the_harness_says_what_to_run()
    {
        var empty = Directory.CreateTempSubdirectory("no-azurite-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AzuriteServer.StartAsync(empty));

            Assert.Contains("npm ci", error.Message);
            Assert.Contains("scripts/test.sh", error.Message);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
