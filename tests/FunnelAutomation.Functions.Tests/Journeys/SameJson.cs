using System.Text.Json;
using FunnelAutomation.Core.Journeys;

namespace FunnelAutomation.Functions.Tests.Journeys;

/// <summary>Value comparison for journey records: they hold lists and dictionaries, which records compare by
/// reference, so two equal decisions made separately are compared through their JSON.</summary>
internal static class SameJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static void Commands(IEnumerable<JourneyCommand> expected, IEnumerable<JourneyCommand> actual) =>
        Assert.Equal(
            expected.Select(c => JsonSerializer.Serialize(c, Options)).ToList(),
            actual.Select(c => JsonSerializer.Serialize(c, Options)).ToList());

    public static void Equal<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Options), JsonSerializer.Serialize(actual, Options));
}
