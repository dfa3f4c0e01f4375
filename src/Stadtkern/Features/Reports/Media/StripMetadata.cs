using System.Buffers.Binary;

namespace Stadtkern.Features.Reports.Media;

/// <summary>A photo with its metadata removed, and its size in pixels.</summary>
internal sealed record CleanPhoto(PhotoFormat Format, byte[] Content, int Width, int Height);

/// <summary>
/// Removes metadata (EXIF with GPS position, XMP, comments, text chunks, timestamps) from JPEG, PNG and WebP files without decoding
/// the image: segments and chunks are copied or dropped whole. What decoding needs stays (JPEG APP0/JFIF, the ICC colour profile
/// and the Adobe colour-transform marker). A JPEG's EXIF orientation is kept as a new, minimal EXIF block holding only that tag,
/// so portrait phone photos are not shown on their side. A file that does not parse is refused (null).
/// </summary>
internal static class StripMetadata
{
    public static CleanPhoto? Clean(byte[] data) => PhotoFormats.Detect(data) switch
    {
        PhotoFormat.Jpeg => Jpeg(data),
        PhotoFormat.Png => Png(data),
        PhotoFormat.WebP => WebP(data),
        null => null,
    };

    internal static CleanPhoto? Jpeg(byte[] data)
    {
        using var output = new MemoryStream(data.Length);
        output.Write([0xFF, 0xD8]);
        var position = 2;
        int width = 0, height = 0;
        ushort? orientation = null;
        var wroteOrientation = false;
        while (true)
        {
            // Fill bytes (0xFF) may precede a marker.
            if (position >= data.Length || data[position] != 0xFF)
            {
                return null;
            }

            while (position < data.Length && data[position] == 0xFF)
            {
                position++;
            }

            if (position >= data.Length)
            {
                return null;
            }

            var marker = data[position++];
            if (marker == 0xD9)
            {
                output.Write([0xFF, 0xD9]);
                break;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                output.Write([0xFF, marker]);
                continue;
            }

            if (position + 2 > data.Length)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(position));
            if (length < 2 || position + length > data.Length)
            {
                return null;
            }

            var segment = data.AsSpan(position + 2, length - 2);
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC && segment.Length >= 5)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
            }

            if (marker == 0xE1 && segment.StartsWith("Exif\0\0"u8))
            {
                orientation ??= ExifOrientation(segment[6..]);
            }

            var keep = marker switch
            {
                0xFE => false,                                      // COM
                0xE0 => true,                                       // APP0 JFIF/JFXX
                0xE2 => segment.StartsWith("ICC_PROFILE\0"u8),      // colour profile
                0xEE => segment.StartsWith("Adobe"u8),              // colour transform of CMYK/YCCK files
                >= 0xE1 and <= 0xEF => false,                       // EXIF, XMP, IPTC, maker notes, ...
                _ => true,
            };

            if (keep)
            {
                if (!wroteOrientation && marker != 0xE0 && orientation is > 1 and <= 8)
                {
                    output.Write(OrientationSegment(orientation.Value));
                    wroteOrientation = true;
                }

                output.Write(data.AsSpan(position - 2, length + 2));
            }

            position += length;
            if (marker == 0xDA)
            {
                // Entropy-coded data and everything after it (restart markers, further scans, EOI) are image data.
                output.Write(data.AsSpan(position));
                break;
            }
        }

        return width > 0 && height > 0 ? new CleanPhoto(PhotoFormat.Jpeg, output.ToArray(), width, height) : null;
    }

    /// <summary>The Orientation tag (0x0112) of IFD0 of an EXIF TIFF block, or null.</summary>
    internal static ushort? ExifOrientation(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return null;
        }

        var little = tiff[0] == (byte)'I' && tiff[1] == (byte)'I';
        if (!little && !(tiff[0] == (byte)'M' && tiff[1] == (byte)'M'))
        {
            return null;
        }

        ushort U16(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt16LittleEndian(s) : BinaryPrimitives.ReadUInt16BigEndian(s);
        uint U32(ReadOnlySpan<byte> s) => little ? BinaryPrimitives.ReadUInt32LittleEndian(s) : BinaryPrimitives.ReadUInt32BigEndian(s);
        var ifd = U32(tiff[4..]);
        if (ifd > (uint)tiff.Length - 2)
        {
            return null;
        }

        var count = U16(tiff[(int)ifd..]);
        for (var i = 0; i < count; i++)
        {
            var entry = (int)ifd + 2 + (i * 12);
            if (entry + 12 > tiff.Length)
            {
                return null;
            }

            if (U16(tiff[entry..]) == 0x0112 && U16(tiff[(entry + 2)..]) == 3)
            {
                return U16(tiff[(entry + 8)..]);
            }
        }

        return null;
    }

    /// <summary>An APP1 segment with a big-endian EXIF block holding only the Orientation tag.</summary>
    private static byte[] OrientationSegment(ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,                   // header, IFD0 at 8
            0, 1,                                                        // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, // Orientation SHORT 1
            0, 0, 0, 0,                                                  // no next IFD
        ];
        var length = 2 + 6 + tiff.Length;
        var segment = new byte[2 + length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)length);
        "Exif\0\0"u8.CopyTo(segment.AsSpan(4));
        tiff.CopyTo(segment.AsSpan(10));
        return segment;
    }

    internal static CleanPhoto? Png(byte[] data)
    {
        using var output = new MemoryStream(data.Length);
        output.Write(PhotoFormats.PngSignature);
        var position = 8;
        int width = 0, height = 0;
        var ended = false;
        while (!ended)
        {
            if (position + 12 > data.Length)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position));
            if (length > (uint)(data.Length - position - 12))
            {
                return null;
            }

            var type = data.AsSpan(position + 4, 4);
            if (type.SequenceEqual("IHDR"u8) && length >= 8)
            {
                width = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position + 8)), int.MaxValue);
                height = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position + 12)), int.MaxValue);
            }

            ended = type.SequenceEqual("IEND"u8);
            var drop = type.SequenceEqual("tEXt"u8) || type.SequenceEqual("zTXt"u8) || type.SequenceEqual("iTXt"u8)
                || type.SequenceEqual("eXIf"u8) || type.SequenceEqual("tIME"u8);
            var total = (int)length + 12;
            if (!drop)
            {
                output.Write(data.AsSpan(position, total));
            }

            position += total;
        }

        return width > 0 && height > 0 ? new CleanPhoto(PhotoFormat.Png, output.ToArray(), width, height) : null;
    }

    internal static CleanPhoto? WebP(byte[] data)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(4));
        var end = (int)Math.Min((long)riffSize + 8, data.Length);
        using var output = new MemoryStream(data.Length);
        output.Write("RIFF\0\0\0\0WEBP"u8);
        var position = 12;
        int width = 0, height = 0;
        while (position < end)
        {
            if (position + 8 > end)
            {
                return null;
            }

            var type = data.AsSpan(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(position + 4));
            var padded = (long)size + (size & 1);
            if (padded > end - position - 8)
            {
                return null;
            }

            var payload = data.AsSpan(position + 8, (int)size);
            var chunk = data.AsSpan(position, (int)padded + 8);
            if (type.SequenceEqual("VP8X"u8) && size >= 10)
            {
                var copy = chunk.ToArray();
                copy[8] &= unchecked((byte)~0x0C); // the EXIF (0x08) and XMP (0x04) flags: those chunks are gone
                output.Write(copy);
                width = 1 + (payload[4] | (payload[5] << 8) | (payload[6] << 16));
                height = 1 + (payload[7] | (payload[8] << 8) | (payload[9] << 16));
            }
            else if (!type.SequenceEqual("EXIF"u8) && !type.SequenceEqual("XMP "u8))
            {
                output.Write(chunk);
                if (width == 0 && type.SequenceEqual("VP8 "u8) && size >= 10)
                {
                    width = BinaryPrimitives.ReadUInt16LittleEndian(payload[6..]) & 0x3FFF;
                    height = BinaryPrimitives.ReadUInt16LittleEndian(payload[8..]) & 0x3FFF;
                }
                else if (width == 0 && type.SequenceEqual("VP8L"u8) && size >= 5 && payload[0] == 0x2F)
                {
                    var bits = BinaryPrimitives.ReadUInt32LittleEndian(payload[1..]);
                    width = (int)(bits & 0x3FFF) + 1;
                    height = (int)((bits >> 14) & 0x3FFF) + 1;
                }
            }

            position += (int)padded + 8;
        }

        var result = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        return width > 0 && height > 0 ? new CleanPhoto(PhotoFormat.WebP, result, width, height) : null;
    }
}
