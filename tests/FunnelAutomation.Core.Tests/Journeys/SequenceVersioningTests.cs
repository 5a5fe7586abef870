using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Tests.TestSupport;

namespace FunnelAutomation.Core.Tests.Journeys;

public class SequenceVersioningTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private static readonly SequenceDefinition V1 = SequenceDefinition.Load(Samples.Read("sequences/welcome-nurture.json")).Value;

    // The marketer rewrote the benefits email as inline content: version 2.
    private static readonly SequenceDefinition V2 = V1 with
    {
        Version = 2,
        Steps = [.. V1.Steps.Select(s => s.Id == "product-benefits"
            ? new EmailStep { Id = "product-benefits", Subject = "Three benefits, {{firstName}}", Body = "…" }
            : s)],
    };

    private static JourneyContext WithCatalog(JourneyContext context, params SequenceDefinition[] versions) =>
        context with { Sequences = new SequenceCatalog([.. versions, SequenceDefinition.Load(Samples.Read("sequences/win-back.json")).Value]) };

    [Fact]
    public void A_running_enrollment_finishes_on_the_version_it_started_with()
    {
        var driver = new JourneyDriver(WithCatalog(JourneyDriver.SampleContext(), V1), Start);
        driver.Start();

        driver.Context = WithCatalog(driver.Context, V1, V2); // v2 activated while the lead waits
        driver.Advance(TimeSpan.FromDays(7));

        var benefits = driver.Emails.Single(e => e.StepId == "product-benefits");
        Assert.Equal(1, benefits.SequenceVersion);
        Assert.Equal("d-5b1f0c2a9e8d4b7c", benefits.TemplateId);
    }

    [Fact]
    public void New_enrollments_take_the_active_version()
    {
        var driver = new JourneyDriver(WithCatalog(JourneyDriver.SampleContext(), V1, V2), Start);

        driver.Start();

        Assert.Contains(driver.Commands, c => c is Enroll { SequenceVersion: 2 });
    }

    [Fact]
    public void A_migrated_enrollment_continues_at_the_same_step_on_the_new_version()
    {
        var driver = new JourneyDriver(WithCatalog(JourneyDriver.SampleContext(), V1), Start);
        driver.Start();
        driver.Context = WithCatalog(driver.Context, V1, V2);

        driver.Feed(new EnrollmentMigrated(Start.AddHours(1), "welcome-nurture", 2));
        driver.Advance(TimeSpan.FromDays(7));

        var benefits = driver.Emails.Single(e => e.StepId == "product-benefits");
        Assert.Equal(2, benefits.SequenceVersion);
        Assert.Equal("Three benefits, {{firstName}}", benefits.Subject);
    }

    [Fact]
    public void The_catalog_can_pin_an_older_version_as_active()
    {
        var catalog = new SequenceCatalog([V1, V2], new Dictionary<string, int> { ["welcome-nurture"] = 1 });

        Assert.Equal(1, Assert.Single(catalog.Active).Version);
        Assert.NotNull(catalog.Find("welcome-nurture", 2));
    }
}
