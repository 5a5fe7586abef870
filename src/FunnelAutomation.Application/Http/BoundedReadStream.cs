namespace FunnelAutomation.Application.Http;

/// <summary>A read-only view of a body that stops with <see cref="BodyTooLargeException"/> once more than
/// <c>limit</c> bytes were read: an upload is parsed as it arrives, never buffered whole, and still bounded.</summary>
public sealed class BoundedReadStream(Stream inner, long limit) : Stream
{
    private readonly Stream _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private long _read;

    public long Limit { get; } = limit;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        _read += read;
        return _read > Limit ? throw new BodyTooLargeException(Limit) : read;
    }
}

/// <summary>A body went past its limit while it was read.</summary>
public sealed class BodyTooLargeException : Exception
{
    public BodyTooLargeException()
    {
    }

    public BodyTooLargeException(string message)
        : base(message)
    {
    }

    public BodyTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BodyTooLargeException(long limit)
        : base($"the body is larger than {limit:N0} bytes")
    {
        Limit = limit;
    }

    public long Limit { get; }
}
