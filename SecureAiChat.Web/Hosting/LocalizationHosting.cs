using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MudBlazor;
using SecureAiChat.Core.Identity;

using SecureAiChat.Web.Components.Account;

namespace SecureAiChat.Web.Hosting;

/// <summary>Japanese first: ja-JP unless the profile, the culture cookie or the browser asks for English.</summary>
public static class LocalizationHosting
{
    public const string Japanese = "ja-JP";
    public const string English = "en-US";
    public static readonly string[] SupportedCultures = [Japanese, English];

    public static IHostApplicationBuilder AddAppLocalization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.AddTransient<MudLocalizer, MudResxLocalizer>();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture(Japanese).AddSupportedCultures(SupportedCultures).AddSupportedUICultures(SupportedCultures);
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.ApplyCurrentCultureToResponseHeaders = true;
            // Profile first, then the cookie the language switch sets, then Accept-Language; never the query string.
            o.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(ctx =>
                {
                    var culture = ctx.User.FindFirstValue(AppClaimTypes.Culture);
                    return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture));
                }),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return builder;
    }

    /// <summary>
    /// <c>GET /culture/set?culture=en-US&amp;redirectUri=/x</c>: stores the choice in the culture cookie and, for a
    /// signed-in user, in the profile too (the profile's culture claim wins over the cookie), refreshing the sign-in
    /// so the new claim takes effect on the next request.
    /// </summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/culture/set", async (HttpContext context, string culture, string? redirectUri) =>
        {
            var supported = SupportedCultures.FirstOrDefault(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase));
            if (supported is null) return Results.BadRequest();
            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(supported)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });

            // A GET must not let another site rewrite the profile (SameSite=Lax cookies ride top-level links):
            // only our own pages (or a typed address) change it; a cross-site link just sets the cookie.
            if (context.User.Identity?.IsAuthenticated == true && IsOwnNavigation(context.Request))
            {
                var users = context.RequestServices.GetRequiredService<UserManager<AppUser>>();
                var user = await users.GetUserAsync(context.User);
                if (user is not null && user.Culture != supported)
                {
                    user.Culture = supported;
                    var saved = await users.UpdateAsync(user);
                    if (saved.Succeeded) await context.RequestServices.GetRequiredService<SignInManager<AppUser>>().RefreshSignInAsync(user);
                }
            }
            return Results.LocalRedirect(AccountUrls.SafeReturnUrl(redirectUri));
        });
        return endpoints;
    }

    private static bool IsOwnNavigation(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length == 0 || site is "same-origin" or "none";
    }

    /// <summary>The culture's display name in its own language, for the language menu.</summary>
    public static string NativeName(string culture) => CultureInfo.GetCultureInfo(culture).TwoLetterISOLanguageName == "ja" ? "日本語" : "English";
}
