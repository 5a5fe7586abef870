using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FunnelAutomation.Host.Tests;

/// <summary>Issue 14's bulk import over real HTTP on the Host: 202 + Location, progress until done, the report as CSV,
/// header errors as problems naming the column, rows after a bad row still accepted.</summary>
public sealed class LeadImportTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task An_upload_is_accepted_with_a_location_processed_to_done_and_reported_row_by_row()
    {
        const string csv = "email,firstName,company,country,employees\nana@sol-import.es,Ana,Sol,ES,120\nnot-an-email,Bad,Row,ES,1\nkai@wave-import.jp,Kai,Wave,JP,many\nlee@harbor-import.sg,Lee,Harbor,SG,40\n";

        var response = await Api.PostRawAsync(host.Client, "/api/leads/import", csv, "text/csv");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var importId = body.Str("importId")!;
        Assert.Equal($"/api/leads/import/{importId}", response.Headers.Location?.ToString());
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(2, body.GetProperty("rejected").GetInt32());
        Assert.Equal("processing", body.Str("status"));

        var done = await HostFixture.Eventually(() => host.Client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.ToString()),
            p => p.Str("status") == "done", "the import to be processed");
        Assert.Equal(4, done.GetProperty("received").GetInt32());
        Assert.Equal(2, done.GetProperty("processed").GetInt32());
        Assert.NotNull(done.Str("finishedAt"));
        var lead = await HostFixture.Eventually(() => host.GetLeadAsync(Core.Leads.LeadId.ForEmail("lee@harbor-import.sg")), l => l.Str("owner") is not null || l.Str("queue") is not null, "the imported lead");
        Assert.Equal(Core.Leads.LeadId.ForEmail("lee@harbor-import.sg"), lead.Str("id"));

        var report = await host.Client.GetAsync($"/api/leads/import/{importId}/report.csv");
        Assert.Equal("text/csv", report.Content.Headers.ContentType?.MediaType);
        var lines = (await report.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("row,email,status,leadId,field,reason", lines[0]);
        Assert.StartsWith($"2,ana@sol-import.es,accepted,{Core.Leads.LeadId.ForEmail("ana@sol-import.es")},,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("3,not-an-email,rejected,,email,", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("4,kai@wave-import.jp,rejected,,employees,", lines[3], StringComparison.Ordinal);
        Assert.StartsWith("5,lee@harbor-import.sg,accepted,", lines[4], StringComparison.Ordinal);
        Assert.Equal(5, lines.Length);
    }

    [Fact]
    public async Task A_multipart_file_upload_is_accepted_like_a_csv_body()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("email;company\nmo@multi-import.example;Multi\n", Encoding.UTF8, "text/csv"), "file", "leads.csv");

        var response = await host.Client.PostAsync("/api/leads/import", form);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        await HostFixture.Eventually(() => host.Client.GetFromJsonAsync<JsonElement>(response.Headers.Location!.ToString()), p => p.Str("status") == "done", "the multipart import to be processed");
    }

    [Fact]
    public async Task A_header_without_an_email_column_is_a_400_naming_the_column_and_stores_nothing()
    {
        var response = await Api.PostRawAsync(host.Client, "/api/leads/import", "mail,company\na@b.example,Acme\n", "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ProblemAsync(response);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("file", error.Str("field"));
        Assert.Contains("\"email\" column", error.Str("reason"), StringComparison.Ordinal);
        Assert.Contains("\"mail\"", error.Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_column_is_a_400_naming_it()
    {
        var response = await Api.PostRawAsync(host.Client, "/api/leads/import", "email,company,Company\na@b.example,Acme,Acme\n", "text/csv");

        var problem = await Api.ProblemAsync(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.Str("reason")!.Contains("\"Company\" twice", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rows_after_a_bad_row_are_still_accepted_and_processed()
    {
        const string csv = "email,company,country\nfirst@after-bad.example,One,DE\nbroken,Two,Germany\nthird@after-bad.example,Three,FR\n";

        var response = await Api.PostRawAsync(host.Client, "/api/leads/import", csv, "text/csv");

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(1, body.GetProperty("rejected").GetInt32());
        await HostFixture.Eventually(() => host.GetLeadAsync(Core.Leads.LeadId.ForEmail("third@after-bad.example")), l => l.Str("stage") is not null, "the row after the bad one");
        var report = await host.Client.GetStringAsync($"/api/leads/import/{body.Str("importId")}/report.csv");
        Assert.Contains("3,broken,rejected,,email,", report, StringComparison.Ordinal);
        Assert.Contains("3,broken,rejected,,country,", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_import_is_a_404_problem_on_both_routes()
    {
        var progress = await host.Client.GetAsync("/api/leads/import/imp_00000000000000000000000000000000");
        var report = await host.Client.GetAsync("/api/leads/import/imp_00000000000000000000000000000000/report.csv");

        Assert.Equal(HttpStatusCode.NotFound, progress.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
        await Api.ProblemAsync(progress);
    }

    [Fact]
    public async Task The_import_routes_need_the_function_key()
    {
        using var anonymous = host.NewClient();
        anonymous.DefaultRequestHeaders.Remove("x-functions-key");

        var response = await Api.PostRawAsync(anonymous, "/api/leads/import", "email\na@b.example\n", "text/csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
