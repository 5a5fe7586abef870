using System.Text;
using FunnelAutomation.Application.Http;

namespace FunnelAutomation.Application.Tests.Http;

/// <summary>Issue 18: a JSON body whose email was invalid UTF-8 was read as "��@b.example" and accepted.</summary>
public class BodyEncodingTests
{
    private static async Task<Core.Common.Result<Dictionary<string, string?>>> ReadAsync(byte[] body)
    {
        using var stream = new MemoryStream(body);
        var (text, tooLarge) = await BoundedBody.ReadTextAsync(stream, body.Length, 4096, default);
        Assert.False(tooLarge);
        return FlatJsonFields.Parse(text!);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_value_is_refused_naming_the_field()
    {
        byte[] body = [.. "{\"email\":\""u8, 0xC3, 0x28, 0xFF, .. "@b.example\",\"company\":\"Acme\"}"u8];

        var fields = await ReadAsync(body);

        var error = Assert.Single(fields.Errors);
        Assert.Equal("email", error.Path);
        Assert.Contains("UTF-8", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_UTF8_in_a_field_name_is_refused_for_the_body()
    {
        byte[] body = [.. "{\"e"u8, 0xFF, .. "\":\"a@b.example\"}"u8];

        Assert.Equal("$", Assert.Single((await ReadAsync(body)).Errors).Path);
    }

    [Fact]
    public async Task Valid_multibyte_UTF8_is_read_as_sent()
    {
        var fields = await ReadAsync(Encoding.UTF8.GetBytes("{\"email\":\"jürgen@b.example\",\"company\":\"北京 🚀\"}"));

        Assert.Equal("北京 🚀", fields.Value["company"]);
        Assert.Equal("jürgen@b.example", fields.Value["email"]);
    }
}
