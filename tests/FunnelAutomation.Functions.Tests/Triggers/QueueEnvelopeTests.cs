using FunnelAutomation.Application;
using FunnelAutomation.Application.Actions;
using FunnelAutomation.Application.Leads;
using FunnelAutomation.Azure.Queues;
using FunnelAutomation.Functions.Queues;

namespace FunnelAutomation.Functions.Tests.Triggers;

public class QueueEnvelopeTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_lead_submission_sent_as_the_Host_sends_it_is_read_back()
    {
        var sent = new LeadSubmitted("sub-1", new Dictionary<string, string?> { ["email"] = "ana@example.com", ["company"] = "Acme" }, Now);
        var json = MessageEnvelope.Create(LeadSubmitted.MessageType, sent.SubmissionId, sent, Now).ToJson();

        var read = QueueEnvelopes.Read<LeadSubmitted>(json, LeadSubmitted.MessageType);

        Assert.Equal("sub-1", read.SubmissionId);
        Assert.Equal("ana@example.com", read.Fields["email"]);
        Assert.Equal(Now, read.ReceivedAt);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":\"lead-submitted\",\"id\":\"x\",\"payload\":{}}")]
    [InlineData("{\"schemaVersion\":2,\"type\":\"lead-submitted\",\"id\":\"x\",\"payload\":{}}")]
    public void A_message_that_is_not_a_current_envelope_is_invalid_input(string message)
    {
        var ex = Assert.Throws<InvalidInputException>(() => QueueEnvelopes.Read<LeadSubmitted>(message, LeadSubmitted.MessageType));

        Assert.NotEmpty(ex.Errors);
    }

    [Fact]
    public void A_message_of_another_type_is_invalid_input_naming_the_type()
    {
        var json = MessageEnvelope.Create("something-else", "id-1", new { a = 1 }, Now).ToJson();

        var ex = Assert.Throws<InvalidInputException>(() => QueueEnvelopes.Read<LeadSubmitted>(json, LeadSubmitted.MessageType));

        Assert.Contains("something-else", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_action_message_without_a_lead_id_is_invalid_input_on_leadId()
    {
        var fields = new Dictionary<string, string?> { ["type"] = "meetingBooked" };
        var json = MessageEnvelope.Create(CustomerActionMessage.MessageType, "a-1", fields, Now).ToJson();
        var read = QueueEnvelopes.Read<Dictionary<string, string?>>(json, CustomerActionMessage.MessageType);

        var ex = Assert.Throws<InvalidInputException>(() => CustomerActionMessage.Parse(read, Now));

        Assert.Equal("leadId", Assert.Single(ex.Errors).Path);
    }
}
