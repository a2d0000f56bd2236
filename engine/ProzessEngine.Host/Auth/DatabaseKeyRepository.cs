using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Host.Auth;

/// <summary>
/// Keeps ASP.NET Core's data protection keys (which sign and encrypt the session cookie) in the engine's database, so
/// that every node reads the same key ring and a session stays valid on another node and after a restart.
/// </summary>
internal sealed class DatabaseKeyRepository(EngineDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var context = database.CreateContext();
        return [.. context.DataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable().Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var context = database.CreateContext();
        context.DataProtectionKeys.Add(new DataProtectionKeyEntity { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        context.SaveChanges();
    }
}
