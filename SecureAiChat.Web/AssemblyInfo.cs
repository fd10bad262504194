using System.Resources;

// Japanese is the default culture: the base .resx files hold Japanese, .en.resx English.
[assembly: NeutralResourcesLanguage("ja")]
