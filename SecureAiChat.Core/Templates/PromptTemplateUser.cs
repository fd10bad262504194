namespace SecureAiChat.Core.Templates;

/// <summary>Who is asking: the library shows and allows different things to admins and members.</summary>
public sealed record PromptTemplateUser(string UserId, bool IsAdmin);
