namespace FunnelAutomation.Core.Scoring;

/// <summary>Configured domains mapped to their (precomputed) contribution. A lookup tries the domain and
/// then each parent ("mail.vip.qq.com", "vip.qq.com", "qq.com") through a span lookup: no allocation.</summary>
internal sealed class DomainTable
{
    private readonly Dictionary<string, ScoreContribution> _domains;
    private readonly Dictionary<string, ScoreContribution>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public DomainTable(Dictionary<string, ScoreContribution> domains)
    {
        _domains = domains;
        _lookup = domains.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _domains.Count;

    public ScoreContribution? Find(ReadOnlySpan<char> domain)
    {
        if (_domains.Count == 0)
        {
            return null;
        }

        while (!domain.IsEmpty)
        {
            if (_lookup.TryGetValue(domain, out var contribution))
            {
                return contribution;
            }

            var dot = domain.IndexOf('.');
            if (dot < 0)
            {
                return null;
            }

            domain = domain[(dot + 1)..];
        }

        return null;
    }
}
