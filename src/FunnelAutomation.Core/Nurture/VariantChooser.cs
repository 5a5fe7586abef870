using System.Security.Cryptography;
using System.Text;

namespace FunnelAutomation.Core.Nurture;

/// <summary>Which variant of an A/B-tested step a lead gets: a stable hash (SHA-256, not
/// <see cref="string.GetHashCode()"/>, which differs per process) of lead, sequence and step ids, mapped onto
/// the weights. The same lead always gets the same variant, on any host, so a redelivered step sends the same
/// email; over many leads each variant's share follows its weight.</summary>
public static class VariantChooser
{
    public static EmailVariant Choose(string leadId, string sequenceId, string stepId, IReadOnlyList<EmailVariant> variants)
    {
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count == 0)
        {
            throw new ArgumentException("A step without variants has nothing to choose from.", nameof(variants));
        }

        var total = variants.Sum(Weight);
        var point = Fraction(leadId, sequenceId, stepId) * total;
        var cumulative = 0.0;
        foreach (var variant in variants)
        {
            cumulative += Weight(variant);
            if (point < cumulative)
            {
                return variant;
            }
        }

        return variants[^1];
    }

    /// <summary>A uniform number in [0, 1) fixed by the three ids.</summary>
    public static double Fraction(string leadId, string sequenceId, string stepId)
    {
        ArgumentNullException.ThrowIfNull(leadId);
        ArgumentNullException.ThrowIfNull(sequenceId);
        ArgumentNullException.ThrowIfNull(stepId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{leadId}\n{sequenceId}\n{stepId}"), hash);
        var bits = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
        return (bits >> 11) * (1.0 / (1UL << 53));
    }

    private static double Weight(EmailVariant variant) => variant.Weight is { } w && w > 0 ? w : 0;
}
