using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Localization;

namespace SecureAiChat.Web.Components.Account;

/// <summary>
/// DataAnnotations validation with messages from AccountStrings in the request's culture (ja by default, en for
/// en-US). Models keep their attributes; <see cref="DisplayAttribute.Name"/> is a resource key for the field label.
/// Use it instead of <c>DataAnnotationsValidator</c> inside an account page's <c>EditForm</c>.
/// </summary>
public sealed class LocalizedValidator : ComponentBase, IDisposable
{
    private ValidationMessageStore? _messages;
    private EditContext? _subscribed;

    [CascadingParameter]
    private EditContext? EditContext { get; set; }

    [Inject]
    private IStringLocalizer<AccountStrings> L { get; set; } = default!;

    protected override void OnParametersSet()
    {
        if (EditContext is null) throw new InvalidOperationException($"{nameof(LocalizedValidator)} must be inside an EditForm.");
        if (ReferenceEquals(EditContext, _subscribed)) return;
        Unsubscribe();
        _messages = new ValidationMessageStore(EditContext);
        EditContext.OnValidationRequested += OnValidationRequested;
        _subscribed = EditContext;
    }

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        var context = _subscribed!;
        var messages = _messages!;
        messages.Clear();
        var model = context.Model;
        foreach (var property in model.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var label = Label(property);
            var value = property.GetValue(model);
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>(inherit: true))
            {
                var validation = new ValidationContext(model) { MemberName = property.Name, DisplayName = label };
                if (attribute.GetValidationResult(value, validation) == ValidationResult.Success) continue;
                messages.Add(context.Field(property.Name), Message(attribute, label, model.GetType()));
                break;
            }
        }
        context.NotifyValidationStateChanged();
    }

    private string Label(PropertyInfo property) =>
        property.GetCustomAttribute<DisplayAttribute>()?.Name is { } key ? L[key] : property.Name;

    private string Message(ValidationAttribute attribute, string label, Type modelType) => attribute switch
    {
        RequiredAttribute => L["Val_Required", label],
        EmailAddressAttribute => L["Val_Email", label],
        StringLengthAttribute length when length.MinimumLength > 0 => L["Val_LengthRange", label, length.MinimumLength, length.MaximumLength],
        StringLengthAttribute length => L["Val_MaxLength", label, length.MaximumLength],
        MaxLengthAttribute max => L["Val_MaxLength", label, max.Length],
        CompareAttribute compare => L["Val_Compare", label, modelType.GetProperty(compare.OtherProperty) is { } other ? Label(other) : compare.OtherProperty],
        _ => L["Val_Invalid", label],
    };

    private void Unsubscribe()
    {
        if (_subscribed is null) return;
        _subscribed.OnValidationRequested -= OnValidationRequested;
        _messages?.Clear();
        _subscribed = null;
    }

    public void Dispose() => Unsubscribe();
}
