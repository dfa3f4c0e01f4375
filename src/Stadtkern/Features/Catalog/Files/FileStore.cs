using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Stadtkern.Features.Catalog.Files;

/// <summary>A file kept by the <see cref="FileStore"/>: its key, size and SHA-256.</summary>
internal sealed record StoredFile(string Key, long Size, string Sha256);

/// <summary>The upload was larger than <see cref="CatalogOptions.MaxUploadBytes"/>; nothing was kept.</summary>
internal sealed class FileTooLargeException(long limit) : Exception($"Die Datei ist größer als {limit} Bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Keeps uploaded files on disk, streaming: a file of any size passes through a fixed buffer while its
/// SHA-256 is computed, lands under a temporary name and is renamed into place only when complete, so a
/// broken upload never leaves a half file behind a key.
/// </summary>
internal sealed class FileStore(IOptions<CatalogOptions> options)
{
    private string Root => Path.GetFullPath(options.Value.FilesPath);

    public async Task<StoredFile> SaveAsync(Guid tenantId, Stream content, CancellationToken cancellationToken, long? maxBytes = null)
    {
        var limit = maxBytes ?? options.Value.MaxUploadBytes;
        var key = $"{tenantId:N}/{Guid.CreateVersion7():N}";
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var partial = path + ".part";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        try
        {
            await using (var target = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > limit)
                    {
                        throw new FileTooLargeException(limit);
                    }

                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            File.Move(partial, path);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }

        return new StoredFile(key, size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public Stream OpenRead(string key) =>
        new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);

    public bool Exists(string key) => File.Exists(PathOf(key));

    public void Delete(string key) => File.Delete(PathOf(key));

    /// <summary>Maps a key to its path; keys are generated here, but a key read back from storage is still checked to stay under the root.</summary>
    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException("Invalid file key.", nameof(key));
    }
}
