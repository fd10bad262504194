using PdfSharp.Fonts;

namespace SecureAiChat.Core.Billing;

/// <summary>
/// The Japanese font of invoices and quotes (<see cref="BillingOptions.FontPath"/>, IPAex Gothic by default). PDFsharp's
/// font resolver is process-wide and can be set once, so the first configured path is registered and wins; the font
/// file is read once and embedded (as a subset) in every PDF, so readers need no Japanese font of their own.
/// </summary>
public static class BillingFonts
{
    /// <summary>The family name documents ask for.</summary>
    public const string Family = "BillingGothic";

    private static readonly Lock Gate = new();
    private static Resolver? _resolver;

    public static void Register(string fontPath)
    {
        lock (Gate)
        {
            if (_resolver is not null) return;
            _resolver = new Resolver(fontPath);
            GlobalFontSettings.FontResolver = _resolver;
        }
    }

    private sealed class Resolver(string path) : IFontResolver
    {
        private readonly Lazy<byte[]> _bytes = new(() => File.ReadAllBytes(path));

        // One face for everything: bold is simulated (IPAex Gothic has no bold face); other families fall back to it too,
        // so no text can end up in a font without Japanese glyphs.
        public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(Family, bold, italic);

        public byte[] GetFont(string faceName) => _bytes.Value;
    }
}
