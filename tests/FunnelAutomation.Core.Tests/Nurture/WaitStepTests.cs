using FunnelAutomation.Core.Common;
using FunnelAutomation.Core.Configuration;
using FunnelAutomation.Core.Journeys;
using FunnelAutomation.Core.Nurture;
using FunnelAutomation.Core.Tests.Journeys;

namespace FunnelAutomation.Core.Tests.Nurture;

public class WaitStepTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private static string Document(string wait, string enrollment = """{ "stageEntered": "nowhere" }""") => $$"""
        { "kind": "sequence", "schemaVersion": 1, "id": "s", "name": "S", "enrollment": {{enrollment}},
          "steps": [
            { "type": "email", "id": "a", "subject": "Hi", "body": "<p>Hi</p>" },
            { "type": "email", "id": "b", "subject": "Hi", "body": "<p>Hi</p>" },
            { "type": "wait", "id": "w", {{wait}} },
            { "type": "email", "id": "c", "subject": "Again", "body": "<p>Again</p>" } ] }
        """;

    private static ValidationError SingleError(string json)
    {
        var result = SequenceDefinition.Load(json);
        Assert.False(result.IsSuccess);
        return Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("\"hours\": 0.5", 30 * 60)]
    [InlineData("\"hours\": 48", 48 * 3600)]
    [InlineData("\"minutes\": 0.05", 3)]
    [InlineData("\"minutes\": 90", 90 * 60)]
    public void Hours_and_minutes_take_fractions_down_to_seconds(string wait, int seconds)
    {
        var result = SequenceDefinition.Load(Document(wait));

        Assert.True(result.IsSuccess, string.Join("; ", result.Errors));
        var step = Assert.IsType<WaitStep>(result.Value.Steps[2]);
        Assert.Equal(TimeSpan.FromSeconds(seconds), step.Duration());
    }

    [Fact]
    public void An_accepted_fractional_wait_reads_back_the_same()
    {
        var loaded = SequenceDefinition.Load(Document("\"minutes\": 0.05")).Value;

        var again = SequenceDefinition.Load(ConfigJson.Serialize(loaded));

        Assert.True(again.IsSuccess, string.Join("; ", again.Errors));
        Assert.Equal(0.05, Assert.IsType<WaitStep>(again.Value.Steps[2]).Minutes);
        Assert.Null(Assert.IsType<WaitStep>(again.Value.Steps[2]).Hours);
    }

    [Theory]
    [InlineData("\"minutes\": 0", "$.steps[2].minutes", "must be a number of minutes greater than 0 and at most 527040")]
    [InlineData("\"minutes\": 527041", "$.steps[2].minutes", "must be a number of minutes greater than 0 and at most 527040")]
    [InlineData("\"hours\": -0.5", "$.steps[2].hours", "must be a number of hours greater than 0 and at most 8784")]
    [InlineData("\"hours\": 8784.01", "$.steps[2].hours", "must be a number of hours greater than 0 and at most 8784")]
    [InlineData("\"businessDays\": 0", "$.steps[2].businessDays", "must be a whole number of business days from 1 to 260")]
    [InlineData("\"businessDays\": 261", "$.steps[2].businessDays", "must be a whole number of business days from 1 to 260")]
    [InlineData("\"hours\": 1, \"minutes\": 30", "$.steps[2]", "a wait step takes only one of hours, minutes or businessDays")]
    [InlineData("\"minutes\": 5, \"businessDays\": 1", "$.steps[2]", "a wait step takes only one of hours, minutes or businessDays")]
    public void A_wait_out_of_range_names_the_path_the_unit_and_the_range(string wait, string path, string reason)
    {
        var error = SingleError(Document(wait));

        Assert.Equal((path, reason), (error.Path, error.Reason));
    }

    [Fact]
    public void A_wait_with_no_length_says_which_fields_it_takes()
    {
        var error = SingleError(Document(string.Empty));

        Assert.Equal(("$.steps[2]", "a wait step needs one of hours, minutes or businessDays"), (error.Path, error.Reason));
    }

    [Theory]
    [InlineData("\"hours\": \"two\"", "$.steps[2].hours", "must be a number of hours greater than 0 and at most 8784, not the text \"two\"")]
    [InlineData("\"minutes\": true", "$.steps[2].minutes", "must be a number of minutes greater than 0 and at most 527040, not true")]
    [InlineData("\"minutes\": [1]", "$.steps[2].minutes", "must be a number of minutes greater than 0 and at most 527040, not a list")]
    [InlineData("\"businessDays\": 1.5", "$.steps[2].businessDays", "must be a whole number of business days from 1 to 260, not 1.5")]
    [InlineData("\"businessDays\": \"3\"", "$.steps[2].businessDays", "must be a whole number of business days from 1 to 260, not the text \"3\"")]
    public void A_wait_of_the_wrong_json_type_is_explained_in_user_terms(string wait, string path, string reason)
    {
        var error = SingleError(Document(wait));

        Assert.Equal((path, reason), (error.Path, error.Reason));
    }

    [Theory]
    [InlineData("0", "must be a number of days greater than 0 and at most 3660")]
    [InlineData("3660.5", "must be a number of days greater than 0 and at most 3660")]
    [InlineData("\"ninety\"", "must be a number of days greater than 0 and at most 3660, not the text \"ninety\"")]
    public void A_quiet_period_out_of_range_or_of_the_wrong_type_is_explained(string days, string reason)
    {
        var error = SingleError(Document("\"hours\": 1", $$"""{ "lostForDays": {{days}} }"""));

        Assert.Equal(("$.enrollment.lostForDays", reason), (error.Path, error.Reason));
    }

    [Fact]
    public void A_journey_waits_exactly_a_fractional_wait()
    {
        // Welcome-style: sent at once on enrolment (send window disabled), then three seconds' wait.
        var sequence = SequenceDefinition.Load(Document("\"minutes\": 0.05", """{ "stageEntered": "prospect" }""")
            .Replace("\"id\": \"s\"", "\"id\": \"quick\"", StringComparison.Ordinal)).Value;
        var settings = JourneySettings.Default with
        {
            SendWindowStartHour = 0,
            SendWindowEndHour = 24,
            MaxEmailsPerDay = 10,
            BusinessDays = Enum.GetValues<DayOfWeek>(),
        };
        var context = JourneyDriver.SampleContext(settings) with
        {
            Sequences = new SequenceCatalog([sequence]),
        };
        var driver = new JourneyDriver(context, Start);

        driver.Start();
        Assert.Equal(["a", "b"], driver.Emails.Select(e => e.StepId));
        Assert.Equal(Start.AddSeconds(3), driver.State!.Enrollment!.NextStepAt);

        driver.Advance(TimeSpan.FromSeconds(2.9));
        Assert.DoesNotContain(driver.Emails, e => e.StepId == "c");

        driver.Advance(TimeSpan.FromSeconds(0.1));
        var (at, _) = Assert.Single(driver.Sent, s => s.Email.StepId == "c");
        Assert.Equal(Start.AddSeconds(3), at);
    }

    [Fact]
    public void A_fractional_quiet_period_schedules_the_win_back_seconds_after_the_loss()
    {
        var winBack = SequenceDefinition.Load(Samples().Replace("\"lostForDays\": 90", "\"lostForDays\": 0.00005", StringComparison.Ordinal)).Value;
        var context = JourneyDriver.SampleContext() with
        {
            Sequences = new SequenceCatalog([winBack]),
        };
        var driver = new JourneyDriver(context, Start);
        driver.Start(owner: "rep-1");

        driver.Act("deal_lost", reason: "competitor");

        // 0.00005 days = 4.32 seconds.
        Assert.Equal(Start + TimeSpan.FromSeconds(4.32), driver.State!.ReactivateAt);
        driver.Advance(TimeSpan.FromSeconds(5));
        Assert.Contains(driver.Commands, c => c is Enroll { SequenceId: "win-back" });

        static string Samples() => TestSupport.Samples.Read("sequences/win-back.json");
    }
}
