using FsCheck.Xunit;
using FunnelAutomation.Core.Actions;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Core.Tests.Journeys;

public class JourneyProperties
{
    private static readonly string[] Actions = [.. CustomerActionTypes.All.Order(StringComparer.Ordinal)];
    private static readonly string[] Urls = ["https://x.test/pricing", "https://x.test/blog", "https://x.test/pricing?team"];
    private static readonly DateTimeOffset Start = new(2026, 3, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Whatever inputs arrive in whatever order: no email is commanded once the lead has
    /// unsubscribed, bounced or reported spam, and no stage command ever moves the lead backwards.</summary>
    [Property(MaxTest = 200)]
    public bool No_email_to_a_suppressed_lead_and_no_stage_moves_backwards(int[] script)
    {
        var driver = new JourneyDriver(JourneyDriver.SampleContext(), Start);
        driver.Start();
        var pipeline = driver.Context.Pipeline;
        var suppressed = false;
        var stageIndex = pipeline.IndexOf(driver.State!.Stage);
        foreach (var n in script)
        {
            var pick = Math.Abs(n % 100_000);
            IReadOnlyList<JourneyCommand> commands = (pick % 5) switch
            {
                0 or 1 => driver.Act(Actions[pick / 5 % Actions.Length], Urls[pick % Urls.Length], reason: "competitor"),
                2 => Advance(driver, TimeSpan.FromHours(pick % 200)),
                3 => driver.Feed(new RepTouched(driver.Clock.GetUtcNow(), pick % 2 == 0 ? "rep-1" : "rep-2")),
                _ => driver.Feed(new LeadAssigned(driver.Clock.GetUtcNow(), "rep-" + (pick % 3))),
            };

            foreach (var command in commands)
            {
                if (command is SendEmail && suppressed)
                {
                    return false;
                }

                if (command is AdvanceStage advance)
                {
                    var index = pipeline.IndexOf(advance.Stage);
                    if (index <= stageIndex)
                    {
                        return false;
                    }

                    stageIndex = index;
                }
            }

            suppressed |= driver.State!.Suppressed;
            if (pipeline.IndexOf(driver.State.Stage) != stageIndex)
            {
                return false;
            }
        }

        return !suppressed || driver.State!.Suppressed;
    }

    private static List<JourneyCommand> Advance(JourneyDriver driver, TimeSpan by)
    {
        var before = driver.Commands.Count;
        driver.Advance(by);
        return driver.Commands.Skip(before).ToList();
    }
}
