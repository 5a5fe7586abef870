using System.Text.Json;
using FunnelAutomation.Core.Common;
using FunnelAutomation.Functions.Http;
using Microsoft.AspNetCore.Mvc;

namespace FunnelAutomation.Functions.Tests.Triggers;

public class ProblemsTests
{
    [Fact]
    public void Validation_is_a_400_problem_listing_every_field_as_the_Host_does()
    {
        var result = Problems.Validation([new ValidationError("email", "required"), new ValidationError("country", "unknown code")]);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains(Problems.ContentType, result.ContentTypes);
        var problem = Assert.IsType<ProblemDetails>(result.Value);
        Assert.Equal(Problems.TypeBase + "validation", problem.Type);
        Assert.Equal("Invalid input", problem.Title);
        var errors = JsonSerializer.SerializeToElement(problem.Extensions["errors"], JsonSerializerOptions.Web);
        Assert.Equal(2, errors.GetArrayLength());
        Assert.Equal("email", errors[0].GetProperty("field").GetString());
        Assert.Equal("unknown code", errors[1].GetProperty("reason").GetString());
    }

    [Fact]
    public void Unavailable_carries_a_retry_after()
    {
        var result = Assert.IsType<Problems.RetryAfterResult>(Problems.Unavailable("no key", 300));

        Assert.Equal(300, result.Seconds);
        Assert.Equal(503, result.Inner.StatusCode);
        Assert.Equal(Problems.TypeBase + "unavailable", Assert.IsType<ProblemDetails>(result.Inner.Value).Type);
    }

    [Theory]
    [InlineData("/thanks", true)]
    [InlineData("https://www.example.com/thanks", true)]
    [InlineData("//evil.example.net/", false)]
    [InlineData("https://evil.example.net/thanks", false)]
    [InlineData("javascript:alert(1)", false)]
    public void Form_redirects_are_limited_to_relative_paths_and_allowed_origins(string redirect, bool allowed)
    {
        var options = new ApiOptions { AllowedOrigins = "https://www.example.com, http://localhost:3000" };

        Assert.Equal(allowed, FunnelAutomation.Application.Leads.LeadFormRedirect.IsAllowed(redirect, options.AllowedOriginList));
    }
}
