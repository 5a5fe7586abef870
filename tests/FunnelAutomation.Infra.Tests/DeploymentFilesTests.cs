using System.Text.Json;
using System.Text.RegularExpressions;

namespace FunnelAutomation.Infra.Tests;

public class DeploymentFilesTests
{
    [Fact]
    public void Azure_yaml_deploys_the_Functions_project_as_the_api_function_service()
    {
        var yaml = RepoFiles.Read("azure.yaml");

        Assert.Matches(new Regex(@"(?m)^services:\s*$\s*^\s{2}api:\s*$"), yaml);
        var project = Regex.Match(yaml, @"(?m)^\s+project:\s*(\S+)\s*$").Groups[1].Value;
        Assert.Equal("./src/FunnelAutomation.Functions", project);
        Assert.True(File.Exists(RepoFiles.Path("src/FunnelAutomation.Functions/FunnelAutomation.Functions.csproj")));
        Assert.Matches(new Regex(@"(?m)^\s+host:\s*function\s*$"), yaml);
        Assert.Matches(new Regex(@"(?m)^\s+language:\s*dotnet\s*$"), yaml);
        Assert.Matches(new Regex(@"(?m)^\s+path:\s*infra\s*$"), yaml);
    }

    [Fact]
    public void Host_json_names_the_task_hub_and_poisons_queue_messages_after_five_tries()
    {
        using var host = JsonDocument.Parse(RepoFiles.Read("host.json"));
        var root = host.RootElement;

        Assert.Equal("2.0", root.GetProperty("version").GetString());
        var extensions = root.GetProperty("extensions");
        Assert.Equal("FunnelAutomationHub", extensions.GetProperty("durableTask").GetProperty("hubName").GetString());
        Assert.Equal(5, extensions.GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
        // The isolated worker brings its extensions as packages; a bundle would be ignored or conflict.
        Assert.False(root.TryGetProperty("extensionBundle", out _));
    }

    [Fact]
    public void Main_parameters_only_set_parameters_main_bicep_declares()
    {
        var main = RepoFiles.Read("infra/main.bicep");
        using var parameters = JsonDocument.Parse(RepoFiles.Read("infra/main.parameters.json"));

        var names = parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("environmentName", names);
        Assert.Contains("location", names);
        foreach (var name in names)
        {
            Assert.Matches(new Regex($@"(?m)^param {name}\b"), main);
        }
    }

    [Fact]
    public void Main_bicep_is_subscription_scoped_and_outputs_the_api_base_url()
    {
        var main = RepoFiles.Read("infra/main.bicep");

        Assert.Contains("targetScope = 'subscription'", main, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"(?m)^output API_BASE_URL string = .*/api'"), main);
        Assert.Matches(new Regex(@"(?m)^output SERVICE_API_NAME string"), main);
    }

    [Fact]
    public void Every_module_main_bicep_uses_exists()
    {
        var modules = Regex.Matches(RepoFiles.AllBicep(), @"(?m)^module \w+ '([^']+)'").Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(modules);
        foreach (var file in RepoFiles.Bicep())
        {
            var dir = Path.GetDirectoryName(file)!;
            foreach (Match m in Regex.Matches(File.ReadAllText(file), @"(?m)^(?:module \w+|import \{[^}]*\} from) '([^']+)'"))
            {
                Assert.True(File.Exists(Path.Combine(dir, m.Groups[1].Value)), $"{file} refers to missing {m.Groups[1].Value}");
            }
        }
    }
}
