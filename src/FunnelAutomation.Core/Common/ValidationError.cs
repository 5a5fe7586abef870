namespace FunnelAutomation.Core.Common;

/// <summary>One reason an input or configuration document was refused: where (a JSON path such as
/// <c>$.stages[2].probability</c>, or a field name) and why, in words a marketer can act on.</summary>
public sealed record ValidationError(string Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}
