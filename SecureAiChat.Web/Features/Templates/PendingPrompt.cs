namespace SecureAiChat.Web.Features.Templates;

/// <summary>
/// A filled template on its way from /templates to the chat input: the circuit navigates to /chat and
/// the chat's template button takes it. Scoped, so it lives exactly as long as the circuit.
/// </summary>
public sealed class PendingPrompt
{
    private string? _text;

    public void Set(string text) => _text = text;

    /// <summary>The waiting prompt, once.</summary>
    public string? Take()
    {
        var text = _text;
        _text = null;
        return text;
    }
}
