using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FunnelAutomation.Application.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelAutomation.Host.Tests;

/// <summary>The Host's route table as the app itself reports it (its <see cref="EndpointDataSource"/>), so a
/// route added later is covered without editing a list here.</summary>
public sealed class RouteTableTests(HostFixture host) : IClassFixture<HostFixture>
{
    private const string LeadEmail = "routes.check@nordwerk-industrie.de";

    [Fact]
    public async Task Every_GET_route_answers_2xx_or_4xx_on_a_Host_loaded_with_the_samples()
    {
        var leadId = await ExistingLeadAsync();
        var repId = SampleRepId();
        var importId = await ExistingImportAsync();
        var urls = GetRoutes().SelectMany(route => Urls(route, leadId, repId, importId)).Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains("/api/funnel", urls);
        Assert.Contains($"/api/leads/{leadId}", urls);
        Assert.Contains($"/api/reps/{repId}/leads", urls);
        Assert.Contains("/api/config/scoring", urls);

        var answers = new List<(string Url, HttpStatusCode Status)>();
        foreach (var url in urls)
        {
            using var response = await host.Client.GetAsync(url);
            answers.Add((url, response.StatusCode));
        }

        var wrong = answers.Where(a => (int)a.Status is < 200 or >= 500 or (>= 300 and < 400)).ToList();
        Assert.True(wrong.Count == 0, "Answers outside 2xx/4xx: " + string.Join(", ", wrong.Select(w => $"{w.Url} → {(int)w.Status}"))
            + ". All: " + string.Join(", ", answers.Select(a => $"{a.Url} → {(int)a.Status}")));
        // The plausible values must really be found: the lead, the rep and each configuration kind answer 200.
        Assert.All(answers.Where(a => !a.Url.Contains(Unknown, StringComparison.Ordinal) && (a.Url.StartsWith("/api/leads/", StringComparison.Ordinal)
            || a.Url.StartsWith("/api/reps/", StringComparison.Ordinal) || a.Url.StartsWith("/api/config/", StringComparison.Ordinal))),
            a => Assert.True(a.Status == HttpStatusCode.OK, $"{a.Url} → {(int)a.Status}"));
    }

    [Fact]
    public async Task GET_on_the_import_route_is_405_not_a_lookup_of_a_lead_called_import()
    {
        var response = await host.Client.GetAsync("/api/leads/import");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        await Api.ProblemAsync(response);
    }

    [Fact]
    public async Task PUT_on_the_workload_route_is_405_and_creates_no_rep_called_workload()
    {
        const string rep = """{ "id": "workload", "name": "Not A Rep", "email": "not.a.rep@example.com", "team": "EMEA" }""";

        var response = await host.Client.PutAsync("/api/reps/workload", new StringContent(rep, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await Api.ProblemAsync(response);
        var reps = await host.Client.GetFromJsonAsync<JsonElement>("/api/reps");
        Assert.DoesNotContain(reps.EnumerateArray(), r => r.Str("id") == "workload");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/api/reps/workload")).StatusCode);
    }

    /// <summary>Wherever one route has a literal segment and another a parameter at the same place, a method
    /// only the parameter route serves must not reach it with the literal as its value: the literal's path
    /// answers 405.</summary>
    [Fact]
    public async Task No_route_parameter_captures_a_sibling_routes_literal_segment()
    {
        var routes = GetRoutes(method: null).Where(r => r.Methods is not null).ToList();
        var shadowed = new List<(string Path, string Method)>();
        foreach (var literal in routes)
        {
            foreach (var parameter in routes.Where(r => !ReferenceEquals(r, literal)))
            {
                if (LiteralCapturedBy(literal.Pattern, parameter.Pattern) is { } path)
                {
                    shadowed.AddRange(parameter.Methods!.Except(literal.Methods!, StringComparer.OrdinalIgnoreCase).Select(m => (path, m)));
                }
            }
        }

        Assert.Contains(("/api/leads/import", "GET"), shadowed);
        Assert.Contains(("/api/reps/workload", "PUT"), shadowed);
        var answers = new List<string>();
        foreach (var (path, method) in shadowed.Distinct())
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            using var response = await host.Client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.MethodNotAllowed)
            {
                answers.Add($"{method} {path} → {(int)response.StatusCode}");
            }
        }

        Assert.True(answers.Count == 0, "Literal paths taken as a parameter value: " + string.Join(", ", answers));
    }

    private const string Unknown = "does-not-exist";

    private sealed record Route(RoutePattern Pattern, IReadOnlyList<string>? Methods);

    private List<Route> GetRoutes(string? method = "GET") =>
        [.. host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => new Route(e.RoutePattern, e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods))
            .Where(r => method is null || r.Methods is null || r.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))];

    /// <summary>The literal route's path when every segment of <paramref name="parameterRoute"/> accepts it and
    /// at least one does so through a parameter (constraints are left to the router: the request tells).</summary>
    private static string? LiteralCapturedBy(RoutePattern literalRoute, RoutePattern parameterRoute)
    {
        if (literalRoute.PathSegments.Count != parameterRoute.PathSegments.Count || literalRoute.Parameters.Count > 0)
        {
            return null;
        }

        var throughParameter = false;
        for (var i = 0; i < literalRoute.PathSegments.Count; i++)
        {
            var literal = Assert.IsType<RoutePatternLiteralPart>(Assert.Single(literalRoute.PathSegments[i].Parts)).Content;
            var parts = parameterRoute.PathSegments[i].Parts;
            if (parts is [RoutePatternLiteralPart same] && string.Equals(same.Content, literal, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (parts is not [RoutePatternParameterPart])
            {
                return null;
            }

            throughParameter = true;
        }

        return throughParameter ? "/" + string.Join('/', literalRoute.PathSegments.Select(s => ((RoutePatternLiteralPart)s.Parts[0]).Content)) : null;
    }

    /// <summary>A route's URLs: each parameter with a plausible value (the lead posted here, a sample rep,
    /// every configuration kind) and with an unknown one. A parameter this does not know fails the test, so
    /// a new route gets a plausible value here rather than being skipped.</summary>
    private static IEnumerable<string> Urls(Route route, string leadId, string repId, string importId)
    {
        IEnumerable<string> prefixes = [string.Empty];
        string? previousLiteral = null;
        foreach (var segment in route.Pattern.PathSegments)
        {
            IEnumerable<string> texts = [string.Empty];
            foreach (var part in segment.Parts)
            {
                IReadOnlyList<string> values = part switch
                {
                    RoutePatternLiteralPart literal => [literal.Content],
                    RoutePatternSeparatorPart separator => [separator.Content],
                    RoutePatternParameterPart parameter => Plausible(parameter, previousLiteral, leadId, repId, importId, route.Pattern.RawText),
                    _ => throw new InvalidOperationException($"Unexpected route part {part} in {route.Pattern.RawText}"),
                };
                texts = [.. texts.SelectMany(t => values.Select(v => t + v))];
            }

            previousLiteral = segment.Parts is [RoutePatternLiteralPart only] ? only.Content : previousLiteral;
            prefixes = [.. prefixes.SelectMany(p => texts.Select(t => t.Length == 0 ? p : p + "/" + t))];
        }

        return prefixes.Select(p => p.Length == 0 ? "/" : p);
    }

    private static IReadOnlyList<string> Plausible(RoutePatternParameterPart parameter, string? after, string leadId, string repId, string importId, string? route)
    {
        IReadOnlyList<string> known = (after, parameter.Name) switch
        {
            ("leads", "id") => [leadId],
            ("reps", "id") => [repId],
            ("leads", "leadId") => [leadId],
            ("import", "importId") => [importId],
            ("config", "kind") => ConfigurationService.Kinds,
            ("people", "email") => [LeadEmail],
            ("openapi", "documentName") => ["v1"],
            (_, "documentName") => ["v1"],
            _ when parameter.IsOptional || parameter.IsCatchAll => [string.Empty],
            _ => throw new InvalidOperationException($"No plausible value for {{{parameter.Name}}} in {route}; add one to {nameof(Plausible)}."),
        };
        return [.. known, .. parameter.IsOptional || parameter.IsCatchAll ? [] : new[] { Unknown }];
    }

    private async Task<string> ExistingImportAsync()
    {
        var response = await Api.PostRawAsync(host.Client, "/api/leads/import", "email,company\nroutes.import@nordwerk-industrie.de,Nordwerk\n", "text/csv");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("importId")!;
    }

    private async Task<string> ExistingLeadAsync()
    {
        var created = await Api.PostLeadAsync(host.Client, new { email = LeadEmail, firstName = "Route", country = "DE", company = "Nordwerk Industrie" });
        var id = await Api.LeadIdAsync(created);
        await HostFixture.Eventually(() => host.GetLeadAsync(id), (JsonElement _) => true, "the lead to be stored");
        return id;
    }

    private static string SampleRepId()
    {
        using var reps = JsonDocument.Parse(File.ReadAllText(Path.Combine(HostFixture.RepositoryRoot, "samples", "reps.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return reps.RootElement.GetProperty("reps")[0].GetProperty("id").GetString()!;
    }
}
