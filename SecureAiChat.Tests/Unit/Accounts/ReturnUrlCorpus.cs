namespace SecureAiChat.Tests.Unit.Accounts;

/// <summary>Return URLs that must never leave the host, and local ones that must keep working (shared by unit and HTTP tests).</summary>
public static class ReturnUrlCorpus
{
    public static readonly string[] Hostile =
    [
        "//evil.example",
        "///evil.example",
        "////evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/%09/evil.example",
        "/%0a/evil.example",
        "/%0d%0a/evil.example",
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "/%5C/evil.example",
        "/%5cevil.example",
        "%2F%2Fevil.example",
        "/%252F%252Fevil.example",
        "/%25252F/evil.example",
        "/%255C/evil.example",
        "/%2509/evil.example",
        "https://evil.example",
        "http://evil.example/",
        "HTTPS://EVIL.EXAMPLE",
        "https:evil.example",
        "https:/evil.example",
        "//evil.example@localhost",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        " //evil.example",
        "\t//evil.example",
        "/／evil.example",
        "／／evil.example",
        "/＼evil.example",
        "/%EF%BC%8F/evil.example",
        "/%5C%5Cevil.example",
        "/\u202E/evil.example",
        "/\u200B/evil.example",
        "/%E2%80%AE/evil.example",
        "/\0/evil.example",
        "/%00/evil.example",
        "evil.example",
        "~/..//evil.example",
        "/" + new string('a', 3000),
    ];

    public static readonly string[] Local =
    [
        "/",
        "/chat",
        "/chat?c=3f2a",
        "/settings/ai#models",
        "/templates?q=%E8%AD%B0%E4%BA%8B%E9%8C%B2",
        "/guidelines?returnUrl=%2Fchat",
        "/usage/export.csv?month=2026-11",
        "/会議室",
    ];
}
