using FunnelAutomation.Application;
using FunnelAutomation.Application.Email;
using FunnelAutomation.Application.Reps;

namespace FunnelAutomation.Application.Tests.Reps;

public sealed class RepLinksTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly FunnelOptions Options = new() { PublicBaseUrl = "https://funnel.example.com/", UnsubscribeSigningKey = "test-key" };

    [Fact]
    public void A_link_names_its_rep_and_lead_and_reads_back_until_it_expires()
    {
        var links = new RepLinks(Options);
        var link = links.Create("r.müller/1", Now, "ld_42");

        Assert.StartsWith("https://funnel.example.com/api/dashboard/my.html?token=", link.Url, StringComparison.Ordinal);
        Assert.EndsWith("#lead=ld_42", link.Url, StringComparison.Ordinal);
        Assert.Equal(Now + TimeSpan.FromDays(30), link.ExpiresAt);
        var token = Uri.UnescapeDataString(link.Url.Split("token=")[1].Split('#')[0]);
        Assert.Equal(("r.müller/1", (string?)null), links.Read(token, Now.AddDays(29)));
        Assert.Equal((null, "the link has expired; ask for a new one"), links.Read(token, Now.AddDays(31)));
    }

    [Fact]
    public void A_changed_rep_another_key_or_junk_is_refused()
    {
        var links = new RepLinks(Options);
        var token = links.CreateToken("r1", Now.AddDays(1));
        var parts = token.Split('.');
        var otherRep = Security.LinkSigner.Base64Url("r2") + "." + parts[1] + "." + parts[2];

        Assert.Equal((null, "invalid signature"), links.Read(otherRep, Now));
        Assert.Equal((null, "invalid signature"), new RepLinks(new FunnelOptions { UnsubscribeSigningKey = "other-key" }).Read(token, Now));
        Assert.Equal((null, "malformed token"), links.Read("not-a-token", Now));
        Assert.Equal((null, "malformed token"), links.Read(null, Now));
    }

    [Fact]
    public void An_unsubscribe_token_made_with_the_same_key_is_not_a_rep_link_and_the_other_way_round()
    {
        var unsubscribe = new UnsubscribeTokens(Options.UnsubscribeSigningKey);
        var links = new RepLinks(Options);

        // Same key, same shape (id.expiry.signature): only the signed purpose tells them apart.
        var leadToken = unsubscribe.Create(Security.LinkSigner.Base64Url("r1"), Now.AddDays(1));
        Assert.Equal((null, "invalid signature"), links.Read(leadToken, Now));
        Assert.Equal("invalid signature", unsubscribe.Read(links.CreateToken("r1", Now.AddDays(1)), Now).Error);
    }
}
