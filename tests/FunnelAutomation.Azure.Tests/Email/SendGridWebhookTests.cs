using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FunnelAutomation.Azure.Email;
using Microsoft.Extensions.Time.Testing;

namespace FunnelAutomation.Azure.Tests.Email;

public sealed class SendGridWebhookTests : IDisposable
{
    private const string Payload = """
        [{"email":"ada@example.com","timestamp":1772528400,"event":"click","sg_event_id":"ev-1","sg_message_id":"msg-1.filter","url":"https://example.com/pricing","category":["nurture","welcome-nurture"],"leadId":"lead-1","stepId":"step-1","useragent":"Mozilla"}]
        """;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    private string PublicKey => Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());

    private string Timestamp(TimeSpan offset = default) =>
        (_clock.GetUtcNow() + offset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>As SendGrid signs: ECDSA P-256 / SHA-256 over timestamp + body, DER, base64.</summary>
    private static string Sign(ECDsa key, string timestamp, string payload) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(timestamp + payload), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    [Fact]
    public void A_post_signed_with_the_account_key_passes()
    {
        var verifier = new SendGridWebhookVerifier(PublicKey, _clock);
        var timestamp = Timestamp();

        Assert.Equal(SendGridWebhookVerification.Valid, verifier.Verify(Payload, Sign(_key, timestamp, Payload), timestamp));
    }

    [Fact]
    public void A_pem_armoured_key_is_accepted_too()
    {
        var verifier = new SendGridWebhookVerifier(_key.ExportSubjectPublicKeyInfoPem(), _clock);
        var timestamp = Timestamp();

        Assert.True(verifier.Verify(Payload, Sign(_key, timestamp, Payload), timestamp).IsValid);
    }

    [Fact]
    public void SendGrids_published_sample_signature_verifies()
    {
        // The sample from SendGrid's own library tests: proves the scheme matches what SendGrid sends.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1588788367));
        var verifier = new SendGridWebhookVerifier(
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEDr2LjtURuePQzplybdC+u4CwrqDqBaWjcMMsTbhdbcwHBcepxo7yAQGhHPTnlvFYPAZFceEu/1FwCM/QmGUhA==",
            clock);
        const string payload = """{"category":"example_payload","event":"test_event","message_id":"message_id"}""";
        const string signature = "MEUCIQCtIHJeH93Y+qpYeWrySphQgpNGNr/U+UyUlBkU6n7RAwIgJTz2C+8a8xonZGi6BpSzoQsbVRamr2nlxFDWYNH2j/0=";

        Assert.True(verifier.Verify(payload, signature, "1588788367").IsValid);
        Assert.False(verifier.Verify(payload + " ", signature, "1588788367").IsValid);
    }

    [Fact]
    public void A_signature_from_another_key_is_refused()
    {
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var verifier = new SendGridWebhookVerifier(PublicKey, _clock);
        var timestamp = Timestamp();

        var result = verifier.Verify(Payload, Sign(forger, timestamp, Payload), timestamp);

        Assert.False(result.IsValid);
        Assert.Contains("signature", result.Error);
    }

    [Fact]
    public void A_tampered_body_is_refused()
    {
        var verifier = new SendGridWebhookVerifier(PublicKey, _clock);
        var timestamp = Timestamp();
        var signature = Sign(_key, timestamp, Payload);

        Assert.False(verifier.Verify(Payload.Replace("lead-1", "lead-2", StringComparison.Ordinal), signature, timestamp).IsValid);
    }

    [Fact]
    public void A_signature_replayed_with_a_new_timestamp_is_refused()
    {
        var verifier = new SendGridWebhookVerifier(PublicKey, _clock);
        var signature = Sign(_key, Timestamp(TimeSpan.FromMinutes(-1)), Payload);

        Assert.False(verifier.Verify(Payload, signature, Timestamp()).IsValid);
    }

    [Theory]
    [InlineData(null, "ts")]
    [InlineData("sig", null)]
    [InlineData("", "")]
    public void Missing_headers_are_refused_as_unsigned(string? signature, string? timestamp)
    {
        var verifier = new SendGridWebhookVerifier(PublicKey, _clock);

        var result = verifier.Verify(Payload, signature, timestamp == "ts" ? Timestamp() : timestamp);

        Assert.False(result.IsValid);
        Assert.StartsWith("unsigned", result.Error);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void Garbage_signatures_are_refused_without_throwing(string signature)
    {
        var verifier = new SendGridWebhookVerifier(PublicKey, _clock);

        Assert.False(verifier.Verify(Payload, signature, Timestamp()).IsValid);
    }

    [Theory]
    [InlineData(-11)]
    [InlineData(11)]
    public void A_correctly_signed_but_stale_or_future_post_is_refused(int minutes)
    {
        var verifier = new SendGridWebhookVerifier(PublicKey, _clock, TimeSpan.FromMinutes(10));
        var timestamp = Timestamp(TimeSpan.FromMinutes(minutes));

        var result = verifier.Verify(Payload, Sign(_key, timestamp, Payload), timestamp);

        Assert.False(result.IsValid);
        Assert.StartsWith("stale", result.Error);
    }

    [Fact]
    public void A_timestamp_that_is_not_unix_seconds_is_refused()
    {
        var verifier = new SendGridWebhookVerifier(PublicKey, _clock);

        Assert.False(verifier.Verify(Payload, Sign(_key, "2026-03-03", Payload), "2026-03-03").IsValid);
    }

    [Fact]
    public void A_malformed_verification_key_is_a_configuration_error()
    {
        Assert.Throws<ArgumentException>(() => new SendGridWebhookVerifier("bm90IGEga2V5", _clock));
    }

    [Fact]
    public void Events_parse_with_custom_args_and_categories()
    {
        var parsed = SendGridEventParser.Parse(Payload);

        Assert.True(parsed.IsSuccess, string.Join("; ", parsed.Errors));
        var e = Assert.Single(parsed.Value);
        Assert.Equal("click", e.Event);
        Assert.Equal("ada@example.com", e.Email);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1772528400), e.Timestamp);
        Assert.Equal("ev-1", e.SgEventId);
        Assert.Equal("msg-1.filter", e.SgMessageId);
        Assert.Equal("https://example.com/pricing", e.Url);
        Assert.Equal(["nurture", "welcome-nurture"], e.Categories);
        Assert.Equal("lead-1", e.LeadId);
        Assert.Equal(new Dictionary<string, string> { ["leadId"] = "lead-1", ["stepId"] = "step-1" }, e.CustomArgs);

        var neutral = e.ToEmailEvent();
        Assert.Equal(("ev-1", "click", "lead-1", "https://example.com/pricing"), (neutral.EventId, neutral.Event, neutral.LeadId, neutral.Url));
        Assert.Equal("step-1", neutral.Data["stepId"]);
    }

    [Fact]
    public void A_single_category_string_and_bounce_fields_parse()
    {
        var parsed = SendGridEventParser.Parse("""[{"event":"bounce","email":"x@example.com","timestamp":1772528400,"sg_event_id":"b1","type":"blocked","reason":"550 5.1.1 no such user","category":"notification"}]""");

        var e = Assert.Single(parsed.Value);
        Assert.Equal(("bounce", "blocked", "550 5.1.1 no such user"), (e.Event, e.Type, e.Reason));
        Assert.Equal(["notification"], e.Categories);
        Assert.Null(e.LeadId);
    }

    [Theory]
    [InlineData("", "$", "empty body")]
    [InlineData("[{\"event\":", "$", "not valid JSON")]
    [InlineData("{\"event\":\"open\"}", "$", "expected a JSON array")]
    [InlineData("[42]", "$[0]", "expected an event object")]
    [InlineData("[{\"timestamp\":1}]", "$[0].event", "required")]
    [InlineData("[{\"event\":\"open\"}]", "$[0].timestamp", "required")]
    [InlineData("[{\"event\":\"open\",\"timestamp\":\"yesterday\"}]", "$[0].timestamp", "Unix seconds")]
    [InlineData("[{\"event\":\"open\",\"timestamp\":1,\"email\":{}}]", "$[0].email", "expected a string")]
    [InlineData("[{\"event\":\"open\",\"timestamp\":1,\"category\":[1]}]", "$[0].category[0]", "expected a string")]
    public void Malformed_bodies_are_refused_with_the_path_and_reason(string json, string path, string reason)
    {
        var parsed = SendGridEventParser.Parse(json);

        Assert.False(parsed.IsSuccess);
        Assert.Contains(parsed.Errors, e => e.Path == path && e.Reason.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_bad_event_of_a_batch_is_listed()
    {
        var parsed = SendGridEventParser.Parse("""[{"event":"open","timestamp":1},{"timestamp":2},{"event":"click"}]""");

        Assert.Equal(["$[1].event", "$[2].timestamp"], parsed.Errors.Select(e => e.Path));
    }
}
