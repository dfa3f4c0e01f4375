using System.Buffers.Binary;
using System.Text;

namespace Stadtkern.Tests.Features.Reports.Media;

/// <summary>
/// Image files built byte by byte the way cameras and phones write them: a JPEG with JFIF, an EXIF block holding GPS coordinates,
/// orientation and camera make, XMP, a comment, then the image segments; PNG and WebP with text/EXIF/XMP chunks. The image data
/// itself is a fixed filler: the stripper copies it without decoding, and the tests check it arrives byte for byte.
/// </summary>
internal static class TestImages
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>Text that only the metadata carries: none of it may survive stripping.</summary>
    public static readonly string[] Secrets = ["GPS", "Pixel 8", "xmpmeta", "Urlaub am See", "2026:11:22 10:00:00", "Secret comment"];

    private static readonly int[] LatitudeParts = [47, 39, 48];

    public static readonly byte[] ScanData = [.. Enumerable.Range(0, 200).Select(i => (byte)(i % 0xFE))];

    public static byte[] JpegWithGps(ushort orientation = 6)
    {
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 72, 0, 72, 0, 0]);
        Segment(jpeg, 0xE1, [.. "Exif\0\0"u8, .. ExifWithGps(orientation)]);
        Segment(jpeg, 0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. "<x:xmpmeta><rdf:Description exif:GPSLatitude=\"47,39.8N\"/></x:xmpmeta>"u8]);
        Segment(jpeg, 0xED, [.. "Photoshop 3.0\0"u8, .. "Urlaub am See"u8]);
        Segment(jpeg, 0xFE, "Secret comment"u8.ToArray());
        Segment(jpeg, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);                              // DQT
        Segment(jpeg, 0xC0, [8, Height >> 8, Height & 0xFF, Width >> 8, Width & 0xFF, 1, 1, 0x11, 0]); // SOF0, one component
        Segment(jpeg, 0xC4, [0x00, 0, 1, .. Enumerable.Repeat((byte)0, 15), 0]);                    // DHT
        Segment(jpeg, 0xDA, [1, 1, 0x00, 0, 63, 0]);                                               // SOS
        jpeg.Write(ScanData);
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    /// <summary>A big-endian TIFF block: IFD0 with Make, Orientation, DateTime and a GPS IFD pointer; the GPS IFD with latitude.</summary>
    private static byte[] ExifWithGps(ushort orientation)
    {
        var t = new byte[200];
        "MM\0*"u8.CopyTo(t);
        BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(8), 4);
        Entry(t, 10, 0x010F, 2, 8, 100);        // Make -> "Pixel 8"
        Entry(t, 22, 0x0112, 3, 1, (uint)orientation << 16);
        Entry(t, 34, 0x0132, 2, 20, 110);       // DateTime
        Entry(t, 46, 0x8825, 4, 1, 140);        // GPS IFD
        "Pixel 8\0"u8.CopyTo(t.AsSpan(100));
        "2026:11:22 10:00:00\0"u8.CopyTo(t.AsSpan(110));
        BinaryPrimitives.WriteUInt16BigEndian(t.AsSpan(140), 2);
        Entry(t, 142, 0x0001, 2, 2, 0x4E000000); // GPSLatitudeRef "N"
        Entry(t, 154, 0x0002, 5, 3, 170);        // GPSLatitude rationals
        for (var i = 0; i < 3; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(170 + (i * 8)), (uint)LatitudeParts[i]);
            BinaryPrimitives.WriteUInt32BigEndian(t.AsSpan(174 + (i * 8)), 1);
        }

        "GPS"u8.CopyTo(t.AsSpan(194)); // a marker the tests look for
        return t;
    }

    private static void Entry(byte[] tiff, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 4), count);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 8), value);
    }

    private static void Segment(Stream stream, byte marker, byte[] payload)
    {
        stream.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)((payload.Length + 2) & 0xFF)]);
        stream.Write(payload);
    }

    public static byte[] PngWithText()
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, Width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), Height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "tEXt", [.. "Comment\0Secret comment"u8]);
        Chunk(png, "iTXt", [.. "XML:com.adobe.xmp\0\0\0\0\0<x:xmpmeta/>"u8]);
        Chunk(png, "eXIf", ExifWithGps(1));
        Chunk(png, "tIME", [0x07, 0xEA, 11, 22, 10, 0, 0]);
        Chunk(png, "IDAT", ScanData);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(header, 4);
        stream.Write(header);
        stream.Write(data);
        stream.Write(new byte[4]); // CRC: not checked by the stripper, copied as is
    }

    public static byte[] WebPWithExif()
    {
        using var body = new MemoryStream();
        var vp8x = new byte[10];
        vp8x[0] = 0x08 | 0x04;
        WriteUInt24(vp8x, 4, Width - 1);
        WriteUInt24(vp8x, 7, Height - 1);
        RiffChunk(body, "VP8X", vp8x);
        RiffChunk(body, "VP8L", [0x2F, .. ScanData]);
        RiffChunk(body, "EXIF", [.. "Exif\0\0"u8, .. ExifWithGps(1)]);
        RiffChunk(body, "XMP ", [.. "<x:xmpmeta>Urlaub am See</x:xmpmeta>"u8]);
        var riff = new byte[12];
        "RIFF"u8.CopyTo(riff);
        BinaryPrimitives.WriteUInt32LittleEndian(riff.AsSpan(4), (uint)(body.Length + 4));
        "WEBP"u8.CopyTo(riff.AsSpan(8));
        return [.. riff, .. body.ToArray()];
    }

    private static void WriteUInt24(byte[] target, int at, int value)
    {
        target[at] = (byte)value;
        target[at + 1] = (byte)(value >> 8);
        target[at + 2] = (byte)(value >> 16);
    }

    private static void RiffChunk(Stream stream, string type, byte[] data)
    {
        var header = new byte[8];
        Encoding.ASCII.GetBytes(type).CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)data.Length);
        stream.Write(header);
        stream.Write(data);
        if (data.Length % 2 == 1)
        {
            stream.WriteByte(0);
        }
    }

    public static bool ContainsGps(byte[] data) => Secrets.Any(secret => Contains(data, Encoding.ASCII.GetBytes(secret)));

    public static bool Contains(byte[] data, byte[] part) => data.AsSpan().IndexOf(part) >= 0;
}
