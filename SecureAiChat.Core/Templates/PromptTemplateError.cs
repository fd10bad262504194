namespace SecureAiChat.Core.Templates;

/// <summary>Why a template could not be saved (resx keys <c>PromptTemplateError_X</c> of the Templates feature).</summary>
public enum PromptTemplateError
{
    TitleRequired,
    TitleTooLong,
    BodyRequired,
    BodyTooLong,
    DescriptionTooLong,
    CategoryTooLong,
    SharingNotAllowed,
    NotFound,
}
