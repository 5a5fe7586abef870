using Microsoft.DurableTask;

namespace FunnelAutomation.Host.Journeys;

/// <summary>Lets DurableTask.Core's <c>TaskHubClient</c> write inputs and events in the Durable Task SDK's
/// format (System.Text.Json), the one the orchestrator's shim reads; DurableTask.Core's own default is
/// Newtonsoft, which would drop the polymorphic <c>input</c>/<c>command</c> discriminators.</summary>
internal sealed class SdkPayloadConverter(DataConverter inner) : global::DurableTask.Core.Serializing.DataConverter
{
    public override string? Serialize(object? value) => inner.Serialize(value);

    public override string? Serialize(object? value, bool formatted) => inner.Serialize(value);

    public override object? Deserialize(string? data, Type objectType) => inner.Deserialize(data, objectType);
}
