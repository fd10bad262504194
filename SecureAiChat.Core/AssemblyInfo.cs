using System.Resources;

// Japanese is the product's default culture: the base .resx files hold Japanese text and the
// resource manager must not go looking for a "ja" satellite assembly that does not exist.
[assembly: NeutralResourcesLanguage("ja")]
