using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Host.Tests.Faults;

/// <summary>Seeded fuzzing of every public route with malformed input: broken JSON, wrong types, huge strings,
/// odd Unicode (lone surrogates, RTL overrides, zero-width, emoji, NUL), invalid UTF-8 and header tricks (wrong
/// or missing content type, no content length). The Host must never answer 5xx and must never store a lead whose
/// email is not a valid address. Deterministic: the same seed gives the same requests.</summary>
public sealed class FuzzTests(FuzzHost host) : IClassFixture<FuzzHost>
{
    private const int Seed = 20261127;
    private const int CasesPerRoute = 250;

    private static readonly string[] Nasty =
    [
        string.Empty, " ", "\t\r\n", "\0", "\uD800", "\uDFFF", "a\uD800b", "\u202Eevil.com@moc.live", "\u200B", "a\u200Bb@c.com",
        "😀", "😀@😀.com", "ü@müller.de", "<script>alert(1)</script>", "'; DROP TABLE leads;--", "${jndi:ldap://x}",
        "a@b", "@", "@@", "a@@b.com", "x@y.com\r\nBcc: z@z.com", "x@y.com,z@z.com", "\"quoted\"@x.com", ".a@b.com",
        new string('a', 300) + "@x.com", "a@" + new string('b', 300) + ".com", new string('x', 5000), new string('é', 3000),
        "null", "true", "-1", "1e309", "NaN", "9999999999999999999999", "../../etc/passwd", "%00", "%2F%2E%2E",
        "ld_\u0000", "ld_nobody", "ld_" + new string('z', 2000), "valid@example.com", "Valid.Person+tag@example.co.uk",
    ];

    private static readonly string[] Fields =
        ["email", "firstName", "lastName", "company", "companyDomain", "jobTitle", "industry", "employees", "country", "phone", "source", "timeZone", "budget", "redirect", "website", "", "\uD800"];

    [Fact]
    public async Task Malformed_requests_to_every_public_route_never_get_a_5xx_and_store_no_invalid_lead()
    {
        var random = new Random(Seed);
        var generators = new (string Route, Func<Random, HttpRequestMessage> Make)[]
        {
            ("POST /api/leads json", LeadJson),
            ("POST /api/leads form", LeadForm),
            ("POST /api/leads header tricks", LeadHeaderTricks),
            ("POST /api/leads/{id}/actions", Action),
            ("POST /api/leads/import", Import),
            ("POST /api/config/{kind}/validate", ConfigValidate),
            ("PUT /api/reps/{id}", RepPut),
            ("GET /api/unsubscribe", Unsubscribe),
            ("GET /api/leads/{id}", LeadGet),
        };
        var requests = new List<(string Route, HttpRequestMessage Request)>();
        foreach (var (route, make) in generators)
        {
            for (var i = 0; i < CasesPerRoute; i++)
            {
                requests.Add((route, make(random)));
            }
        }

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var next = -1;
        var workers = Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Count)
            {
                var (route, request) = requests[i];
                var described = $"{route} #{i}: {request.Method} {Truncate(request.RequestUri?.OriginalString)} {Truncate(request.Content is null ? null : Encoding.UTF8.GetString(await request.Content.ReadAsByteArrayAsync()))}";
                using var response = await host.Client.SendAsync(request);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} for {described}: {Truncate(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()))}");
                }
            }
        });
        await Task.WhenAll(workers);

        Assert.True(failures.IsEmpty, $"{failures.Count} requests got 5xx:\n" + string.Join("\n", failures.Take(10)));
        Assert.True(statuses.Keys.Count(code => code is >= 400 and < 500) >= 3, "the fuzz should provoke several kinds of 4xx: " + string.Join(", ", statuses));

        // Let accepted submissions work through the intake queue, then check what got stored.
        var intake = new QueueClient(host.Azurite.ConnectionString, host.Storage.Names.Queue("leads-intake"));
        await HostFixture.Eventually(async () => (int?)(await intake.GetPropertiesAsync()).Value.ApproximateMessagesCount, n => n == 0, "the intake queue drained", seconds: 120);
        var leads = await HostFixture.Eventually(async () =>
        {
            var first = await host.AllLeadsAsync();
            await Task.Delay(1000);
            var second = await host.AllLeadsAsync();
            return first.Count == second.Count ? second : null;
        }, _ => true, "the lead count settled", seconds: 120);

        Assert.NotEmpty(leads); // some fuzz cases are valid submissions; they must have been stored
        var garbage = leads.Where(l => !EmailAddress.IsValid(l.Profile.Email)).Select(l => l.Profile.Email).ToList();
        Assert.True(garbage.Count == 0, "stored leads with invalid emails: " + string.Join(", ", garbage.Take(10)));
    }

    private static string Pick(Random r) => r.Next(4) == 0 ? Nasty[r.Next(Nasty.Length)] + Nasty[r.Next(Nasty.Length)] : Nasty[r.Next(Nasty.Length)];

    private static string Truncate(string? s) => s is null ? string.Empty : s.Length > 160 ? s[..160] + "…" : s;

    // A JSON value of a random kind, sometimes the right one.
    private static string JsonValue(Random r) => r.Next(9) switch
    {
        0 => "42",
        1 => "-3.5e10",
        2 => "true",
        3 => "null",
        4 => "[1, \"a\", {}]",
        5 => "{\"nested\": {\"deeper\": [null]}}",
        6 => "\"\\uD800\"", // a lone surrogate, escaped
        7 => "\"" + new string('x', r.Next(1, 6000)) + "\"",
        _ => JsonSerializer.Serialize(Pick(r)),
    };

    private static string JsonObject(Random r, bool withEmail)
    {
        var members = new List<string>();
        if (withEmail)
        {
            members.Add("\"email\": " + (r.Next(3) == 0 ? JsonValue(r) : JsonSerializer.Serialize(Pick(r))));
        }

        for (var i = r.Next(0, 6); i > 0; i--)
        {
            members.Add(JsonSerializer.Serialize(Fields[r.Next(Fields.Length)]) + ": " + JsonValue(r));
        }

        return "{" + string.Join(", ", members) + "}";
    }

    // Valid-looking JSON, then maybe broken: cut short, a stray byte, duplicate keys, wrong root.
    private static string BrokenJson(Random r, bool withEmail)
    {
        var json = JsonObject(r, withEmail);
        return r.Next(8) switch
        {
            0 => json[..r.Next(json.Length)],
            1 => json.Insert(r.Next(json.Length), r.Next(2) == 0 ? "}" : "\u0001"),
            2 => "{\"email\": \"a@b.com\", \"email\": \"c@d.com\"}",
            3 => r.Next(2) == 0 ? "[" + json + "]" : "\"just a string\"",
            4 => json + json,
            _ => json,
        };
    }

    private static StringContent Json(string body) => new StringContent(body, Encoding.UTF8, "application/json");

    private static HttpRequestMessage LeadJson(Random r) =>
        new(HttpMethod.Post, "/api/leads") { Content = Json(BrokenJson(r, withEmail: r.Next(5) != 0)) };

    private static HttpRequestMessage LeadForm(Random r)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = r.Next(0, 6); i >= 0; i--)
        {
            pairs.Add(new(i == 0 ? "email" : Fields[r.Next(Fields.Length)], Pick(r)));
        }

        // FormUrlEncodedContent refuses lone surrogates, so encode by hand (replacement-free, byte for byte).
        var body = string.Join("&", pairs.Select(p => Uri.EscapeDataString(Scrub(p.Key)) + "=" + Uri.EscapeDataString(Scrub(p.Value))));
        if (r.Next(6) == 0)
        {
            body += "&%ZZ=%E0%A4%A&email=%FF%FE"; // bad percent-escapes and invalid UTF-8
        }

        return new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded") };
    }

    private static HttpRequestMessage LeadHeaderTricks(Random r)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads");
        var body = Encoding.UTF8.GetBytes(BrokenJson(r, withEmail: true));
        switch (r.Next(7))
        {
            case 0: // no content type at all
                request.Content = new ByteArrayContent(body);
                break;
            case 1: // a content type that lies
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(r.Next(2) == 0 ? "text/plain" : "application/xml");
                break;
            case 2: // form content type with a JSON body
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
                break;
            case 3: // chunked: no Content-Length
                request.Content = new StreamContent(new MemoryStream(body));
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(r.Next(2) == 0 ? "application/json" : "application/x-www-form-urlencoded");
                request.Headers.TransferEncodingChunked = true;
                break;
            case 4: // invalid UTF-8 declared as JSON
                request.Content = new ByteArrayContent([.. "{\"email\": \""u8, 0xFF, 0xFE, 0xC0, .. "@x.com\"}"u8]);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                break;
            case 5: // a charset nobody has heard of, or multipart without a boundary
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", r.Next(2) == 0 ? "application/json; charset=klingon" : "multipart/form-data");
                break;
            default: // empty body
                request.Content = new ByteArrayContent([]);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                break;
        }

        return request;
    }

    private static HttpRequestMessage Action(Random r)
    {
        var id = r.Next(3) == 0 ? "ld_nobody" : Uri.EscapeDataString(Scrub(Pick(r)));
        var body = r.Next(3) == 0
            ? "{\"type\": " + JsonValue(r) + ", \"url\": " + JsonValue(r) + ", \"amount\": " + JsonValue(r) + "}"
            : BrokenJson(r, withEmail: false);
        return new HttpRequestMessage(HttpMethod.Post, $"/api/leads/{(id.Length == 0 ? "x" : id)}/actions") { Content = Json(body) };
    }

    private static HttpRequestMessage Import(Random r)
    {
        var csv = new StringBuilder("email,firstName,country,employees\n");
        for (var i = r.Next(0, 8); i > 0; i--)
        {
            csv.Append(Scrub(Pick(r)).Replace("\n", " ", StringComparison.Ordinal)).Append(',')
               .Append(r.Next(2) == 0 ? "\"unterminated" : Scrub(Pick(r))).Append(',')
               .Append(Pick(r).Length % 3 == 0 ? "DE" : "??").Append(',')
               .Append(r.Next(2) == 0 ? "lots" : "12").Append('\n');
        }

        if (r.Next(4) == 0)
        {
            csv.Clear().Append(r.Next(2) == 0 ? string.Empty : "\"a\",\"b\n\n,,,,,,,,,,,,\u0000");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads/import");
        if (r.Next(3) == 0)
        {
            var form = new MultipartFormDataContent();
            form.Add(new StringContent(csv.ToString()), r.Next(2) == 0 ? "file" : "notfile", "leads.csv");
            request.Content = form;
        }
        else
        {
            request.Content = new StringContent(csv.ToString(), Encoding.UTF8, r.Next(5) == 0 ? "text/plain" : "text/csv");
        }

        return request;
    }

    private static HttpRequestMessage ConfigValidate(Random r)
    {
        string[] kinds = ["scoring", "routing", "reps", "pipeline", "sequence", "nope", "SCORING", "..", "%00"];
        var body = r.Next(2) == 0
            ? "{\"kind\": " + JsonValue(r) + ", \"schemaVersion\": " + JsonValue(r) + ", \"rules\": [" + JsonValue(r) + "], \"reps\": " + JsonValue(r) + "}"
            : BrokenJson(r, withEmail: false);
        return new HttpRequestMessage(HttpMethod.Post, $"/api/config/{kinds[r.Next(kinds.Length)]}/validate") { Content = Json(body) };
    }

    private static HttpRequestMessage RepPut(Random r)
    {
        var id = Uri.EscapeDataString(Scrub(Pick(r)));
        var body = r.Next(2) == 0
            ? "{\"id\": " + JsonValue(r) + ", \"name\": " + JsonValue(r) + ", \"email\": " + JsonValue(r) + ", \"team\": " + JsonValue(r)
              + ", \"weight\": " + JsonValue(r) + ", \"territories\": " + JsonValue(r) + ", \"capacity\": " + JsonValue(r) + "}"
            : BrokenJson(r, withEmail: true);
        return new HttpRequestMessage(HttpMethod.Put, $"/api/reps/{(id.Length == 0 ? "r" : id)}") { Content = Json(body) };
    }

    private static HttpRequestMessage Unsubscribe(Random r)
    {
        var token = r.Next(3) switch
        {
            0 => Uri.EscapeDataString(Scrub(Pick(r))),
            1 => Convert.ToBase64String(Encoding.UTF8.GetBytes(Scrub(Pick(r)))).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + new string('A', r.Next(0, 80)),
            _ => "%FF%FE%00" + new string('.', r.Next(0, 5)),
        };
        return new HttpRequestMessage(HttpMethod.Get, r.Next(10) == 0 ? "/api/unsubscribe" : "/api/unsubscribe?token=" + token);
    }

    private static HttpRequestMessage LeadGet(Random r)
    {
        var id = Uri.EscapeDataString(Scrub(Pick(r)));
        return new HttpRequestMessage(HttpMethod.Get, "/api/leads/" + (id.Length == 0 ? "x" : id));
    }

    // Uri.EscapeDataString rejects lone surrogates; keep everything else (they still reach JSON bodies escaped).
    private static string Scrub(string s)
    {
        var builder = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsSurrogate(s[i]) && !(i + 1 < s.Length && char.IsSurrogatePair(s[i], s[i + 1])))
            {
                builder.Append("%ED%A0%80"); // the lone surrogate's CESU-8 bytes, invalid UTF-8 on the wire
                continue;
            }

            builder.Append(s[i]);
        }

        return builder.ToString();
    }
}
