namespace FunnelAutomation.Core.Common;

/// <summary>Either a value or every error that prevented it. Rules return this instead of throwing so a
/// caller can list all problems at once (a document is rejected whole, with each error named).</summary>
public sealed class Result<T>
{
    private readonly T? _value;

    private Result(T? value, IReadOnlyList<ValidationError> errors)
    {
        _value = value;
        Errors = errors;
    }

    public IReadOnlyList<ValidationError> Errors { get; }

    public bool IsSuccess => Errors.Count == 0;

    public T Value => IsSuccess
        ? _value!
        : throw new InvalidOperationException("No value: " + string.Join("; ", Errors));

    public static Result<T> Success(T value) => new(value, []);

    public static Result<T> Failure(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        }

        return new(default, errors);
    }

    public static Result<T> Failure(string path, string reason) => Failure([new ValidationError(path, reason)]);
}
