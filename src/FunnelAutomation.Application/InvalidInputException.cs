using FunnelAutomation.Core.Common;

namespace FunnelAutomation.Application;

/// <summary>Input that can never succeed however often it is retried (a queue message with a bad field):
/// hosts move it to the poison queue at once, with these errors as the reason.</summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException()
        : this([])
    {
    }

    public InvalidInputException(string message)
        : base(message)
    {
        Errors = [new ValidationError("$", message)];
    }

    public InvalidInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ValidationError("$", message)];
    }

    public InvalidInputException(IReadOnlyList<ValidationError> errors)
        : base("Invalid input: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ValidationError> Errors { get; }
}
