using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Platform.Tenancy;

/// <summary>
/// Reads and writes the current tenant's configuration sections. A section never written reads as <c>new T()</c>, so every
/// setting has its default in the feature's record type, not in the database.
/// </summary>
internal sealed class TenantSettingsStore(StadtkernDb db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> GetAsync<T>(string section, CancellationToken cancellationToken)
        where T : class, new()
    {
        var stored = await db.Set<TenantSetting>().AsNoTracking()
            .Where(s => s.Section == section)
            .Select(s => s.Document)
            .FirstOrDefaultAsync(cancellationToken);
        return Read<T>(stored);
    }

    public async Task SaveAsync<T>(string section, T value, CancellationToken cancellationToken)
        where T : class
    {
        var document = JsonSerializer.Serialize(value, Json);
        var row = await db.Set<TenantSetting>().FirstOrDefaultAsync(s => s.Section == section, cancellationToken);
        if (row is null)
        {
            row = new TenantSetting { Section = section };
            db.Add(row);
        }

        row.Document = document;
        row.UpdatedAt = clock.GetStoredNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A stored document that no longer fits the record (a renamed or retyped field) falls back to the defaults
    /// rather than breaking the pages that read it.</summary>
    internal static T Read<T>(string? stored)
        where T : class, new()
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize<T>(stored, Json) ?? new T();
        }
        catch (JsonException)
        {
            return new T();
        }
    }
}
