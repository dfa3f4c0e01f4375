using Stadtkern.Features.Reports.Media;

namespace Stadtkern.Tests.Features.Reports.Media;

public sealed class StripMetadataTests
{
    [Fact]
    public void A_jpeg_loses_exif_gps_xmp_iptc_and_comments_but_keeps_image_segments_and_orientation()
    {
        var original = TestImages.JpegWithGps(orientation: 6);
        TestImages.ContainsGps(original).ShouldBeTrue();

        var clean = StripMetadata.Clean(original).ShouldNotBeNull();

        clean.Format.ShouldBe(PhotoFormat.Jpeg);
        (clean.Width, clean.Height).ShouldBe((TestImages.Width, TestImages.Height));
        TestImages.ContainsGps(clean.Content).ShouldBeFalse();
        clean.Content.Length.ShouldBeLessThan(original.Length);
        clean.Content.AsSpan(0, 4).ToArray().ShouldBe(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }); // JFIF stays first
        TestImages.Contains(clean.Content, TestImages.ScanData).ShouldBeTrue();
        clean.Content[^2..].ShouldBe(new byte[] { 0xFF, 0xD9 });
        // The orientation survives in a new EXIF block holding nothing else.
        var exif = clean.Content.AsSpan().IndexOf("Exif\0\0"u8);
        exif.ShouldBeGreaterThan(0);
        StripMetadata.ExifOrientation(clean.Content.AsSpan(exif + 6)).ShouldBe((ushort)6);
        StripMetadata.Clean(clean.Content).ShouldNotBeNull().Content.ShouldBe(clean.Content); // stable: stripping twice changes nothing
    }

    [Fact]
    public void A_jpeg_without_rotation_gets_no_exif_block_at_all()
    {
        var clean = StripMetadata.Clean(TestImages.JpegWithGps(orientation: 1)).ShouldNotBeNull();

        clean.Content.AsSpan().IndexOf("Exif"u8).ShouldBe(-1);
    }

    [Fact]
    public void A_png_loses_text_exif_and_time_chunks()
    {
        var original = TestImages.PngWithText();
        TestImages.ContainsGps(original).ShouldBeTrue();

        var clean = StripMetadata.Clean(original).ShouldNotBeNull();

        clean.Format.ShouldBe(PhotoFormat.Png);
        (clean.Width, clean.Height).ShouldBe((TestImages.Width, TestImages.Height));
        TestImages.ContainsGps(clean.Content).ShouldBeFalse();
        foreach (var chunk in new[] { "tEXt", "iTXt", "eXIf", "tIME" })
        {
            TestImages.Contains(clean.Content, System.Text.Encoding.ASCII.GetBytes(chunk)).ShouldBeFalse(chunk);
        }

        TestImages.Contains(clean.Content, "IDAT"u8.ToArray()).ShouldBeTrue();
        TestImages.Contains(clean.Content, TestImages.ScanData).ShouldBeTrue();
    }

    [Fact]
    public void A_webp_loses_exif_and_xmp_chunks_and_their_flags()
    {
        var original = TestImages.WebPWithExif();

        var clean = StripMetadata.Clean(original).ShouldNotBeNull();

        clean.Format.ShouldBe(PhotoFormat.WebP);
        (clean.Width, clean.Height).ShouldBe((TestImages.Width, TestImages.Height));
        TestImages.ContainsGps(clean.Content).ShouldBeFalse();
        TestImages.Contains(clean.Content, "EXIF"u8.ToArray()).ShouldBeFalse();
        TestImages.Contains(clean.Content, "XMP "u8.ToArray()).ShouldBeFalse();
        (clean.Content[20] & 0x0C).ShouldBe(0); // VP8X flags byte
        BitConverter.ToUInt32(clean.Content, 4).ShouldBe((uint)(clean.Content.Length - 8));
    }

    [Theory]
    [InlineData("not an image at all")]
    [InlineData("GIF89a....")]
    [InlineData("%PDF-1.7")]
    public void Files_that_are_not_jpeg_png_or_webp_are_refused(string content)
    {
        StripMetadata.Clean(System.Text.Encoding.ASCII.GetBytes(content)).ShouldBeNull();
    }

    [Fact]
    public void Truncated_files_are_refused_instead_of_half_copied()
    {
        var jpeg = TestImages.JpegWithGps();
        var png = TestImages.PngWithText();

        StripMetadata.Clean(jpeg[..40]).ShouldBeNull();
        StripMetadata.Clean(png[..30]).ShouldBeNull();
        StripMetadata.Clean([0xFF, 0xD8, 0xFF]).ShouldBeNull();
    }
}
