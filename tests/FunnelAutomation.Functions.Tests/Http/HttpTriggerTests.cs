using FunnelAutomation.Azure;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Functions.Http;
using FunnelAutomation.Functions.Journeys;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace FunnelAutomation.Functions.Tests.Http;

/// <summary>The HTTP triggers called as the worker calls them: a real <c>HttpRequest</c> (DefaultHttpContext) in,
/// the shared handler's result executed on the response, over the app's own composition on Azurite.</summary>
public class HttpTriggerTests(TriggerFixture fixture) : IClassFixture<TriggerFixture>
{
    private static DurableTaskClient Client() => new Mock<DurableTaskClient>("test").Object;

    [Fact]
    public async Task A_form_post_as_JSON_is_accepted_and_queued_for_intake()
    {
        var request = fixture.Request("POST", "/api/leads", """{"email":"ana@acme.example","company":"Acme","country":"DE"}""", "application/json");

        var answer = await Answer.Of(await fixture.Trigger<LeadTriggers>().CaptureAsync(request, CancellationToken.None), request);

        Assert.Equal(202, answer.Status);
        var leadId = answer.Json.GetProperty("leadId").GetString();
        Assert.False(string.IsNullOrEmpty(leadId));
        Assert.Equal($"/api/leads/{leadId}", answer.Headers.Location.ToString());
        var storage = fixture.Services.GetRequiredService<FunnelStorage>();
        var queue = new global::Azure.Storage.Queues.QueueClient(fixture.ConnectionString, storage.Names.Queue(QueueNames.LeadsIntake),
            new global::Azure.Storage.Queues.QueueClientOptions { MessageEncoding = global::Azure.Storage.Queues.QueueMessageEncoding.Base64 });
        var peeked = await queue.PeekMessagesAsync(32);
        Assert.Contains(peeked.Value, m => m.Body.ToString().Contains("ana@acme.example", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_lead_without_an_email_is_a_400_problem_naming_the_field()
    {
        var request = fixture.Request("POST", "/api/leads", """{"company":"Acme"}""", "application/json");

        var answer = await Answer.Of(await fixture.Trigger<LeadTriggers>().CaptureAsync(request, CancellationToken.None), request);

        Assert.Equal(400, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType, StringComparison.Ordinal);
        Assert.Equal("https://funnelautomation.dev/problems/validation", answer.Json.GetProperty("type").GetString());
        Assert.Contains("email", answer.ErrorFields());
    }

    [Fact]
    public async Task A_lead_in_plain_text_is_415_and_one_over_the_limit_413()
    {
        var text = fixture.Request("POST", "/api/leads", "email=a@b.example", "text/plain");
        var large = fixture.Request("POST", "/api/leads", "{\"email\":\"a@b.example\",\"notes\":\"" + new string('x', 5000) + "\"}", "application/json");
        var triggers = fixture.Trigger<LeadTriggers>();

        Assert.Equal(415, (await Answer.Of(await triggers.CaptureAsync(text, CancellationToken.None), text)).Status);
        Assert.Equal(413, (await Answer.Of(await triggers.CaptureAsync(large, CancellationToken.None), large)).Status);
    }

    [Fact]
    public async Task A_form_redirect_off_the_allowed_origins_is_refused()
    {
        var request = fixture.Request("POST", "/api/leads", "email=a%40b.example&redirect=https%3A%2F%2Fevil.example.net%2F", "application/x-www-form-urlencoded");

        var answer = await Answer.Of(await fixture.Trigger<LeadTriggers>().CaptureAsync(request, CancellationToken.None), request);

        Assert.Equal(400, answer.Status);
        Assert.Equal(["redirect"], answer.ErrorFields());
    }

    [Fact]
    public async Task An_unknown_lead_is_404()
    {
        var request = fixture.Request("GET", "/api/leads/nobody");

        var answer = await Answer.Of(await fixture.Trigger<LeadTriggers>().GetAsync(request, "nobody", Client(), CancellationToken.None), request);

        Assert.Equal(404, answer.Status);
        Assert.Contains("nobody", answer.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_active_sample_scoring_reads_back_and_an_unknown_kind_is_404()
    {
        var triggers = fixture.Trigger<ConfigTriggers>();
        var scoring = fixture.Request("GET", "/api/config/scoring");
        var unknown = fixture.Request("GET", "/api/config/colours");

        var read = await Answer.Of(await triggers.GetAsync(scoring, "scoring", CancellationToken.None), scoring);
        var missing = await Answer.Of(await triggers.GetAsync(unknown, "colours", CancellationToken.None), unknown);

        Assert.Equal(200, read.Status);
        Assert.True(read.Json.GetArrayLength() > 0);
        Assert.Equal(404, missing.Status);
    }

    [Fact]
    public async Task The_sequence_preview_answers_from_the_shared_handler_and_names_bad_fields()
    {
        const string sequence = """
            { "kind": "sequence", "schemaVersion": 1, "id": "hello", "name": "Hello", "enrollment": { "stageEntered": "prospect" },
              "steps": [ { "type": "email", "id": "hi", "timing": "immediate", "subject": "Hi", "body": "<p>Hi</p>" } ] }
            """;
        var triggers = fixture.Trigger<SequencePreviewTriggers>();
        var good = fixture.Request("POST", "/api/config/sequence/preview", $$"""{ "sequence": {{sequence}}, "lead": { "country": "JP" }, "start": "2026-03-03T18:00:00Z" }""", "application/json");
        var bad = fixture.Request("POST", "/api/config/sequence/preview", $$"""{ "sequence": {{sequence}}, "leadId": "ld_nobody" }""", "application/json");

        var answer = await Answer.Of(await triggers.PreviewAsync(good, CancellationToken.None), good);
        var refused = await Answer.Of(await triggers.PreviewAsync(bad, CancellationToken.None), bad);

        Assert.Equal(200, answer.Status);
        Assert.Equal("Asia/Tokyo", answer.Json.GetProperty("timeZone").GetString());
        Assert.Equal("hi", answer.Json.GetProperty("emails")[0].GetProperty("stepId").GetString());
        Assert.Equal(400, refused.Status);
        Assert.Contains("$.leadId", refused.ErrorFields());
    }

    [Fact]
    public async Task The_what_if_replay_answers_from_the_shared_handler_and_names_bad_paths()
    {
        var triggers = fixture.Trigger<ReplayTriggers>();
        var read = fixture.Request("GET", "/api/config/scoring");
        var scoring = (await Answer.Of(await fixture.Trigger<ConfigTriggers>().GetAsync(read, "scoring", CancellationToken.None), read)).Json[0].GetProperty("document");
        var good = fixture.Request("POST", "/api/config/scoring/replay", $$"""{ "document": {{scoring.GetRawText()}} }""", "application/json");
        var bad = fixture.Request("POST", "/api/config/scoring/replay", """{ "document": { "kind": "scoring", "schemaVersion": 1 } }""", "application/json");

        var answer = await Answer.Of(await triggers.ReplayAsync(good, "scoring", CancellationToken.None), good);
        var refused = await Answer.Of(await triggers.ReplayAsync(bad, "scoring", CancellationToken.None), bad);

        Assert.Equal(200, answer.Status);
        Assert.Equal(0, answer.Json.GetProperty("grades").GetProperty("changed").GetInt32()); // the active document, unchanged
        Assert.Equal(400, refused.Status);
        Assert.All(refused.ErrorFields(), f => Assert.StartsWith("$.document", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_document_validates_with_errors_by_path()
    {
        var request = fixture.Request("POST", "/api/config/scoring/validate", """{"kind":"scoring","schemaVersion":1}""", "application/json");

        var answer = await Answer.Of(await fixture.Trigger<ConfigTriggers>().ValidateAsync(request, "scoring", CancellationToken.None), request);

        Assert.Equal(200, answer.Status);
        Assert.False(answer.Json.GetProperty("valid").GetBoolean());
        Assert.All(answer.Json.GetProperty("errors").EnumerateArray(), e => Assert.StartsWith("$", e.GetProperty("path").GetString(), StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Unsubscribe_with_a_forged_token_is_a_400_on_token_by_GET_and_by_POST(string method)
    {
        var request = fixture.Request(method, "/api/unsubscribe", query: "?token=forged.token");

        var answer = await Answer.Of(await fixture.Trigger<PrivacyTriggers>().UnsubscribeAsync(request, Client(), CancellationToken.None), request);

        Assert.Equal(400, answer.Status);
        Assert.Equal(["token"], answer.ErrorFields());
    }

    [Fact]
    public async Task The_webhook_without_a_verification_key_is_503_with_retry_after()
    {
        var request = fixture.Request("POST", "/api/webhooks/sendgrid", "[]", "application/json");

        var answer = await Answer.Of(await fixture.Trigger<PrivacyTriggers>().WebhookAsync(request, Client(), CancellationToken.None), request);

        Assert.Equal(503, answer.Status);
        Assert.Equal("300", answer.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Erasing_an_address_that_is_not_one_is_a_400_on_email()
    {
        var request = fixture.Request("DELETE", "/api/people/not-an-address");

        var answer = await Answer.Of(await fixture.Trigger<PrivacyTriggers>().EraseAsync(request, "not-an-address", Client(), CancellationToken.None), request);

        Assert.Equal(400, answer.Status);
        Assert.Equal(["email"], answer.ErrorFields());
    }

    [Fact]
    public async Task The_outbox_refuses_a_take_that_is_not_a_number_as_the_Host_does()
    {
        var request = fixture.Request("GET", "/api/outbox", query: "?take=abc");

        var answer = await Answer.Of(await fixture.Trigger<PrivacyTriggers>().OutboxAsync(request, CancellationToken.None), request);

        Assert.Equal(400, answer.Status);
        Assert.Equal(["take"], answer.ErrorFields());
    }

    [Fact]
    public async Task The_funnel_of_the_default_pipeline_answers_and_a_bad_month_is_a_400_on_from()
    {
        var triggers = fixture.Trigger<AnalyticsTriggers>();
        var funnel = fixture.Request("GET", "/api/funnel");
        var bad = fixture.Request("GET", "/api/funnel", query: "?from=March");

        var report = await Answer.Of(await triggers.FunnelAsync(funnel, CancellationToken.None), funnel);
        var refused = await Answer.Of(await triggers.FunnelAsync(bad, CancellationToken.None), bad);

        Assert.Equal(200, report.Status);
        Assert.True(report.Json.GetProperty("stages").GetArrayLength() > 0);
        Assert.Equal(400, refused.Status);
        Assert.Equal(["from"], refused.ErrorFields());
    }

    [Fact]
    public async Task The_reverse_funnel_requires_a_target()
    {
        var request = fixture.Request("GET", "/api/funnel/reverse");

        var answer = await Answer.Of(await fixture.Trigger<AnalyticsTriggers>().ReverseAsync(request, CancellationToken.None), request);

        Assert.Equal(400, answer.Status);
        Assert.Contains("target", answer.ErrorFields());
    }

    [Fact]
    public async Task Reps_are_listed_with_enum_names_and_a_rep_PUT_back_as_read_is_accepted()
    {
        var triggers = fixture.Trigger<RepTriggers>();
        var list = fixture.Request("GET", "/api/reps");
        var reps = await Answer.Of(await triggers.ListAsync(list, CancellationToken.None), list);
        Assert.Equal(200, reps.Status);
        var first = reps.Json.EnumerateArray().First();
        Assert.Equal(System.Text.Json.JsonValueKind.String, first.GetProperty("tier").ValueKind);

        var id = first.GetProperty("id").GetString()!;
        var put = fixture.Request("PUT", "/api/reps/" + id, first.GetRawText(), "application/json");
        var saved = await Answer.Of(await triggers.UpsertAsync(put, id, CancellationToken.None), put);

        Assert.Equal(200, saved.Status);
        Assert.Equal(first.GetProperty("tier").GetString(), saved.Json.GetProperty("tier").GetString());
    }

    [Fact]
    public async Task Health_answers_ok()
    {
        var request = fixture.Request("GET", "/api/health");

        var answer = await Answer.Of(await fixture.Trigger<HealthTrigger>().GetAsync(request, CancellationToken.None), request);

        Assert.Equal(200, answer.Status);
        Assert.Equal("ok", answer.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_dashboard_is_served_from_the_worker_folder_and_a_path_outside_it_is_404()
    {
        var trigger = fixture.Trigger<DashboardTrigger>();
        var bare = fixture.Request("GET", "/api/dashboard");
        var page = fixture.Request("GET", "/api/dashboard/");
        var script = fixture.Request("GET", "/api/dashboard/app.js");
        var escape = fixture.Request("GET", "/api/dashboard/../host.json");

        Assert.Equal(302, (await Answer.Of(trigger.Serve(bare, null), bare)).Status);
        var html = await Answer.Of(trigger.Serve(page, null), page);
        Assert.Equal(200, html.Status);
        Assert.StartsWith("text/html", html.ContentType, StringComparison.Ordinal);
        Assert.Contains("app.js", html.Body, StringComparison.Ordinal);
        Assert.StartsWith("text/javascript", (await Answer.Of(trigger.Serve(script, "app.js"), script)).ContentType, StringComparison.Ordinal);
        Assert.Equal(404, (await Answer.Of(trigger.Serve(escape, "../host.json"), escape)).Status);
    }
}
