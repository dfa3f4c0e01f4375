using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;
using Stadtkern.Platform.Persistence;

namespace Stadtkern.Platform.Accounts;

/// <summary>A data protection key ring entry (cookie and token encryption keys), shared by all instances.</summary>
internal sealed class DataProtectionKey
{
    public int Id { get; set; }

    public string? FriendlyName { get; set; }

    public string Xml { get; set; } = "";
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.HasKey(k => k.Id);
    }
}

/// <summary>Keeps the data protection key ring in the database instead of the local file system.</summary>
internal sealed class DataProtectionKeyStore(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        return [.. db.Set<DataProtectionKey>().AsNoTracking().Select(k => k.Xml).ToList().Select(x => XElement.Parse(x))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StadtkernDb>();
        db.Set<DataProtectionKey>().Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }

    internal sealed class Setup(IServiceScopeFactory scopes) : IConfigureOptions<KeyManagementOptions>
    {
        public void Configure(KeyManagementOptions options) => options.XmlRepository = new DataProtectionKeyStore(scopes);
    }
}
