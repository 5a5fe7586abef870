namespace FunnelAutomation.Core.Nurture;

/// <summary>Every stored version of every sequence plus which version is active. New enrollments take the
/// active version; running ones keep reading the version they started on.</summary>
public sealed class SequenceCatalog
{
    private readonly Dictionary<(string Id, int Version), SequenceDefinition> _versions = [];
    private readonly List<SequenceDefinition> _active = [];

    public SequenceCatalog(IEnumerable<SequenceDefinition> versions, IReadOnlyDictionary<string, int>? activeVersions = null)
    {
        ArgumentNullException.ThrowIfNull(versions);
        foreach (var sequence in versions)
        {
            _versions[(sequence.Id, sequence.Version)] = sequence;
        }

        foreach (var id in _versions.Keys.Select(k => k.Id).Distinct().Order(StringComparer.Ordinal))
        {
            var version = activeVersions is not null && activeVersions.TryGetValue(id, out var chosen)
                ? chosen
                : _versions.Keys.Where(k => k.Id == id).Max(k => k.Version);
            if (_versions.TryGetValue((id, version), out var active))
            {
                _active.Add(active);
            }
        }
    }

    public static SequenceCatalog Empty { get; } = new([]);

    /// <summary>Active sequences, ordered by id so enrollment choices are deterministic.</summary>
    public IReadOnlyList<SequenceDefinition> Active => _active;

    public SequenceDefinition? Find(string id, int version) => _versions.GetValueOrDefault((id, version));
}
