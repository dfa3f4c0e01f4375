namespace Stadtkern.Features.Sensing.Scripting;

/// <summary>Sandbox limits for payload codecs (configuration section <c>Sensing:Codec</c>).</summary>
public sealed class CodecLimits
{
    public const string Section = "Sensing:Codec";

    /// <summary>Evaluation steps (statements and expressions) one run may take. Default 1,000,000 (well under 100 ms on an idle core).</summary>
    public long MaxSteps { get; set; } = 1_000_000;

    /// <summary>Wall-clock limit of one run in milliseconds, checked every 1024 steps. Default 500.</summary>
    public int TimeLimitMilliseconds { get; set; } = 500;

    /// <summary>Nested JavaScript calls. Default 200.</summary>
    public int MaxCallDepth { get; set; } = 200;

    /// <summary>
    /// Bytes a run may allocate for strings (2 per character), arrays (16 per element) and objects (48 + 32 to 64 per property),
    /// counted cumulatively over the run. Default 16 MiB.
    /// </summary>
    public long MaxAllocationBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Characters of codec source. Default 256 KiB.</summary>
    public int MaxSourceLength { get; set; } = 256 * 1024;
}
