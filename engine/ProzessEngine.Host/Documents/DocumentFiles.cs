using System.Globalization;

namespace ProzessEngine.Host.Documents;

/// <summary>
/// Documents kept as files (Engine:Documents:Storage = Folder). A file's name is made by the engine (tenant folder,
/// instance folder, document key): never from the template's file name, so nothing a model says can write outside the folder.
/// </summary>
internal sealed class DocumentFiles(string folder)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task<string> WriteAsync(string tenantId, long processInstanceKey, long documentKey, byte[] content, CancellationToken cancellationToken)
    {
        var relative = Path.Combine(Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(tenantId)),
            processInstanceKey.ToString(CultureInfo.InvariantCulture), documentKey.ToString(CultureInfo.InvariantCulture));
        var path = Resolve(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        return relative;
    }

    public Task<byte[]> ReadAsync(string relative, CancellationToken cancellationToken) => File.ReadAllBytesAsync(Resolve(relative), cancellationToken);

    public void Delete(string relative) => File.Delete(Resolve(relative));

    private string Resolve(string relative)
    {
        var path = Path.GetFullPath(Path.Combine(Folder, relative));
        return path.StartsWith(Folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException("A document's path leads out of the documents folder.");
    }
}
