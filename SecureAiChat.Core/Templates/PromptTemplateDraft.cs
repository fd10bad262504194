namespace SecureAiChat.Core.Templates;

/// <summary>What a person typed into the template editor.</summary>
public sealed record PromptTemplateDraft(string Title, string Description, string Category, string Body, bool Shared);
