using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stadtkern.Features.Sensing.Api;

/// <summary>
/// Writes a JSON answer of the SensorThings API as UTF-8 with its <c>Content-Length</c>, in one write: the answer is serialised
/// into pooled memory first. Written straight into the response instead, it went out chunked, and the closing chunk often as a
/// second packet (a second wake-up of the client for every small answer); a string per answer (UTF-16, then transcoded) was a
/// large-object-heap allocation for a page of a few hundred Observations, and those kept the background GC busy.
/// </summary>
internal static class JsonAnswer
{
    public static async Task WriteAsync(HttpResponse response, JsonNode json, CancellationToken cancellationToken)
    {
        using var buffer = new PooledBuffer();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            json.WriteTo(writer);
        }

        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.Written.Length;
        await response.Body.WriteAsync(buffer.Written, cancellationToken);
    }

    /// <summary>A growing buffer of arrays rented from <see cref="ArrayPool{T}.Shared"/>; returns the array when disposed.</summary>
    internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
    {
        private byte[] array = ArrayPool<byte>.Shared.Rent(4096);
        private int length;

        public ReadOnlyMemory<byte> Written => array.AsMemory(0, length);

        public int Length => length;

        public void Advance(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, array.Length - length);
            length += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return array.AsMemory(length);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return array.AsSpan(length);
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(array);
            array = [];
            length = 0;
        }

        /// <summary>Makes room for at least <paramref name="sizeHint"/> bytes (at least one) after what is written.</summary>
        private void Reserve(int sizeHint)
        {
            var needed = length + Math.Max(1, sizeHint);
            if (needed > array.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, array.Length * 2));
                array.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(array);
                array = larger;
            }
        }
    }
}
