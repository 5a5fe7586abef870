using FunnelAutomation.Application.Leads;

namespace FunnelAutomation.Application.Tests;

public class LeadFormRedirectTests
{
    private static readonly string[] Origins = ["https://www.example.com", "http://localhost:3000"];

    [Theory]
    [InlineData("/thanks", true)]
    [InlineData("https://www.example.com/thanks", true)]
    [InlineData("http://localhost:3000/done?x=1", true)]
    [InlineData("//evil.example.net/", false)]
    [InlineData("/\\evil.example.net/", false)]
    [InlineData("/\t/evil.example.net/", false)] // browsers drop the tab: "//evil.example.net/"
    [InlineData("/\n/evil.example.net/", false)]
    [InlineData("/ /evil.example.net/", false)]
    [InlineData("https://evil.example.net/thanks", false)]
    [InlineData("javascript:alert(1)", false)]
    public void Form_redirects_are_limited_to_relative_paths_and_allowed_origins(string redirect, bool allowed)
    {
        Assert.Equal(allowed, LeadFormRedirect.IsAllowed(redirect, Origins));
    }
}
