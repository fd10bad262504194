namespace SecureAiChat.Web.Features.Plans;

/// <summary>Marker for Features/Plans/PlanPageStrings.resx: strings of the plan page (plan display texts are Core's PlanStrings).</summary>
public sealed class PlanPageStrings;
