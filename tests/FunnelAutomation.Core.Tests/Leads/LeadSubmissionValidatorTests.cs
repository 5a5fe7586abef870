using FunnelAutomation.Core.Leads;

namespace FunnelAutomation.Core.Tests.Leads;

public class LeadSubmissionValidatorTests
{
    private static Dictionary<string, string?> Form(params (string Key, string? Value)[] fields) =>
        fields.ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public void A_complete_form_becomes_a_normalised_profile()
    {
        var result = LeadSubmissionValidator.Validate(Form(
            ("Email", "  Li.Wei@Example.COM "), ("firstName", "Li"), ("company", "Example Ltd"),
            ("employees", "250"), ("country", "cn"), ("industry", "Software"), ("budget", "50000"),
            ("decisionMaker", "yes"), ("need", "High"), ("timelineMonths", "3"), ("timeZone", "Asia/Shanghai"),
            ("utm_campaign", "spring")));

        Assert.True(result.IsSuccess, string.Join("; ", result.Errors));
        var profile = result.Value;
        Assert.Equal("li.wei@example.com", profile.Email);
        Assert.Equal("CN", profile.Country);
        Assert.Equal("software", profile.Industry);
        Assert.Equal(CompanySizeBand.Large, profile.SizeBand);
        Assert.Equal(50000m, profile.Qualification.Budget);
        Assert.True(profile.Qualification.IsDecisionMaker);
        Assert.Equal(NeedLevel.High, profile.Qualification.Need);
        Assert.Equal("website", profile.Source);
        Assert.Equal("example.com", profile.AccountDomain);
    }

    [Fact]
    public void Every_bad_field_is_reported_by_name()
    {
        var result = LeadSubmissionValidator.Validate(Form(
            ("email", "not-an-email"), ("employees", "many"), ("country", "Germany"), ("budget", "-5"),
            ("decisionMaker", "maybe"), ("need", "urgent"), ("timelineMonths", "999"), ("timeZone", "Mars/Olympus"),
            ("firstName", new string('x', 201)), ("lastName", "bad\u0001name"), ("companyDomain", "acme")));

        Assert.False(result.IsSuccess);
        Assert.Equal(
            ["budget", "companyDomain", "country", "decisionMaker", "email", "employees", "firstName", "lastName", "need", "timeZone", "timelineMonths"],
            result.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Email_is_required(string? email)
    {
        var result = LeadSubmissionValidator.Validate(Form(("email", email), ("firstName", "Ann")));

        Assert.Equal(("email", "required"), (result.Errors[0].Path, result.Errors[0].Reason));
    }

    [Theory]
    [InlineData("a@b.co", true)]
    [InlineData("first.last+tag@sub.example.org", true)]
    [InlineData("no-at-sign.example.com", false)]
    [InlineData("two@@example.com", false)]
    [InlineData("trailing@", false)]
    [InlineData("nodot@localhost", false)]
    [InlineData("spa ce@example.com", false)]
    public void Email_syntax(string email, bool valid)
    {
        Assert.Equal(valid, EmailAddress.IsValid(email));
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        var result = LeadSubmissionValidator.Validate(Form(("email", "a@b.co"), ("company", "Acme\ud800")));

        Assert.Equal("company", Assert.Single(result.Errors).Path);
    }

    /// <summary>Issue 18: a decoder puts U+FFFD where the bytes were not UTF-8 (ASP.NET's form reader does), and
    /// "\ufffd\ufffd@b.example" was stored as an email.</summary>
    [Theory]
    [InlineData("email", "\ufffd\ufffd@b.example")]
    [InlineData("company", "Acme \ufffd")]
    public void The_replacement_character_is_refused_as_text_that_was_not_UTF8(string field, string value)
    {
        var fields = Form(("email", "a@b.co"), ("company", "Acme"));
        fields[field] = value;

        var error = Assert.Single(LeadSubmissionValidator.Validate(fields).Errors);

        Assert.Equal(field, error.Path);
        Assert.Contains("UTF-8", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lead_id_is_the_same_for_the_same_person_however_the_email_is_typed()
    {
        Assert.Equal(LeadId.ForEmail("Ann@Acme.com "), LeadId.ForEmail("ann@acme.com"));
        Assert.NotEqual(LeadId.ForEmail("ann@acme.com"), LeadId.ForEmail("ann+events@acme.com"));
        Assert.StartsWith("ld_", LeadId.ForEmail("ann@acme.com"), StringComparison.Ordinal);
    }
}

public class LeadSubmissionMergeTests
{
    [Fact]
    public void A_newer_submission_fills_in_and_corrects_but_never_erases_and_keeps_the_first_source()
    {
        var first = new LeadProfile { Email = "a@b.co", FirstName = "Ann", Company = "Old Co", Source = "webinar", Qualification = new Qualification { Budget = 10m } };
        var second = new LeadProfile { Email = "a@b.co", Company = "New Co", Phone = "+1 555", Source = "website", Qualification = new Qualification { Need = NeedLevel.High } };

        var merged = LeadSubmissionMerge.Merge(first, second);

        Assert.Equal(("Ann", "New Co", "+1 555", "webinar"), (merged.FirstName, merged.Company, merged.Phone, merged.Source));
        Assert.Equal((10m, NeedLevel.High), (merged.Qualification.Budget, merged.Qualification.Need));
    }
}
