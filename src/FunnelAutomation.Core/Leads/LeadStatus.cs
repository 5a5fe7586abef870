namespace FunnelAutomation.Core.Leads;

public enum LeadStatus
{
    Open = 0,
    Won,
    Lost,
}
