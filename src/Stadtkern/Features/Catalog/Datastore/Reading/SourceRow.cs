namespace Stadtkern.Features.Catalog.Datastore.Reading;

/// <summary>
/// One data row of an upload: its number as a person finds it (CSV line number, GeoJSON feature number) and
/// its values in source-column order. <see cref="Problem"/> is set when the row cannot be used at all (wrong
/// number of columns).
/// </summary>
internal sealed record SourceRow(long Number, IReadOnlyList<string?> Values, string? Problem = null);

/// <summary>A streaming reader of an upload's rows.</summary>
internal interface ISourceReader : IAsyncDisposable
{
    /// <summary>Column headers known so far (CSV: the header row; GeoJSON: geometry plus properties met so far).</summary>
    IReadOnlyList<string> Headers { get; }

    /// <summary>Index of the GeoJSON geometry column, if any.</summary>
    int? GeometryColumn { get; }

    /// <summary>Bytes of the file consumed so far.</summary>
    long BytesRead { get; }

    /// <summary>The next row, or null at the end.</summary>
    ValueTask<SourceRow?> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>Counts the bytes read from the wrapped stream, for progress.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    public long Count { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position { get => Count; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Count += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Count += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}
