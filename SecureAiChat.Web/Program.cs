using SecureAiChat.Web.Components;
using SecureAiChat.Web.Components.Account;
using SecureAiChat.Web.Features.AiSettings;
using SecureAiChat.Web.Features.Audit;
using SecureAiChat.Web.Features.Chat;
using SecureAiChat.Web.Features.Feedback;
using SecureAiChat.Web.Features.Guidelines;
using SecureAiChat.Web.Features.Onboarding;
using SecureAiChat.Web.Features.Plans;
using SecureAiChat.Web.Features.Security;
using SecureAiChat.Web.Features.Team;
using SecureAiChat.Web.Features.Signup;
using SecureAiChat.Web.Features.Templates;
using SecureAiChat.Web.Features.Usage;
using SecureAiChat.Web.Hosting;

var builder = WebApplication.CreateBuilder(CommandLine.HostArgs(args));
builder.AddProxies();
builder.AddTenancy();
builder.AddAccounts();
builder.AddSso();
builder.AddMail();
builder.AddProviderSecurity();
builder.AddAppLocalization();
builder.AddWebUi();
builder.AddChat();
builder.AddTemplates();
builder.AddGuidelines();
builder.AddOnboarding();
builder.AddFeedback();
builder.AddTeam();
builder.AddSecurity();
builder.AddAiSettings();
builder.AddUsage();
builder.AddPlans();
builder.AddProvisioning();
builder.AddAudit();
builder.AddHealth();

var app = builder.Build();
if (CommandLine.IsCommand(args)) return await CommandLine.RunAsync(app, args);
await app.MigrateEmbeddedDatabaseAsync();

app.UseWebPipeline();
app.MapHealth();
app.MapCultureSwitch();
app.MapAccountEndpoints();
app.MapProvisioning();
app.MapUsage();
app.MapAuditExport();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so test hosts can reference the assembly.</summary>
public partial class Program;
