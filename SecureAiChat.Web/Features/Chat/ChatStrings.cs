namespace SecureAiChat.Web.Features.Chat;

/// <summary>Marker for Features/Chat/ChatStrings.resx: strings of the chat page.</summary>
public sealed class ChatStrings;
